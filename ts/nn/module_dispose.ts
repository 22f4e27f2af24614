// Module.dispose(): frees the memory of a module's parameters, their gradients and its buffers
// at once (torch frees them when the last reference goes; fulgur also does that through the
// backend's FinalizationRegistry, but only whenever the GC runs — dispose() is immediate).
import type { Module } from "./module.ts";
import type { Tensor } from "../autograd/tensor.ts";

const disposed = new WeakSet<object>();

/** Frees every parameter, gradient and buffer of `m` (shared tensors once); the module is unusable afterwards. */
export function disposeModule(m: Module): void {
  const seen = new Set<Tensor>();
  const free = (t: Tensor | null | undefined): void => {
    if (t === null || t === undefined || seen.has(t)) return;
    seen.add(t);
    if (!t.value.isDisposed) t.value.dispose();
  };
  for (const [, p] of m.namedParameters()) {
    free(p.grad);
    p.grad = null;
    free(p);
  }
  for (const [, b] of m.namedBuffers()) free(b);
  disposed.add(m);
}

/** True once dispose() ran on `m`. */
export function isModuleDisposed(m: Module): boolean {
  return disposed.has(m);
}
