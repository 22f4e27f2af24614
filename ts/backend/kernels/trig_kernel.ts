// Family factory for the trigonometric / hyperbolic kernels (asm/kernels/trig.ts).
import { backend_util, util, type KernelConfig, type TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../backend_fulgur.ts";
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";
import { broadcastPlan } from "./util/broadcast.ts";
import { broadcastJs } from "./util/broadcast_js.ts";

/** Op codes of asm/kernels/trig.ts. */
export const TrigOp = { Tan: 0, Asin: 1, Acos: 2, Atan: 3, Sinh: 4, Cosh: 5 } as const;

export function createTrigKernelConfig(kernelName: string, op: number): KernelConfig {
  return kernel(kernelName, ({ x }, backend) => {
    const n = util.sizeFromShape(x.shape);
    const [fx, temp] = asFloat32(backend, x);
    const out = backend.makeOutput(x.shape.slice(), "float32");
    const f = backend.wasm.trig_f32 as (op: number, x: number, o: number, n: number) => void;
    f(op, backend.ptrOf(fx), backend.ptrOf(out), n);
    if (temp) backend.disposeData(fx.dataId);
    return out;
  });
}

/** t copied to `shape` by broadcasting (plain copies: no arithmetic in JavaScript). */
function broadcastCopy(backend: BackendFulgur, t: TensorInfo, other: TensorInfo, shape: number[], first: boolean): TensorInfo {
  const out = backend.makeOutput(shape, "float32");
  const plan = first ? broadcastPlan(t.shape, other.shape, shape) : broadcastPlan(other.shape, t.shape, shape);
  const tv = backend.view(t), ov = backend.view(other);
  if (first) broadcastJs(tv, ov, plan, backend.view(out), (p) => p);
  else broadcastJs(ov, tv, plan, backend.view(out), (_, q) => q);
  return out;
}

export const Atan2KernelConfig = kernel("Atan2", ({ a, b }, backend) => {
  const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const [fa, ta] = asFloat32(backend, a);
  const [fb, tb] = asFloat32(backend, b);
  const same = (s: number[]) => s.length === shape.length && s.every((d, i) => d === shape[i]);
  const ea = same(fa.shape) ? fa : broadcastCopy(backend, fa, fb, shape, true);
  const eb = same(fb.shape) ? fb : broadcastCopy(backend, fb, fa, shape, false);
  const out = backend.makeOutput(shape, "float32");
  const f = backend.wasm.atan2_f32 as (a: number, b: number, o: number, n: number) => void;
  f(backend.ptrOf(ea), backend.ptrOf(eb), backend.ptrOf(out), util.sizeFromShape(shape));
  for (const t of [ea !== fa ? ea : null, eb !== fb ? eb : null, ta ? fa : null, tb ? fb : null]) if (t) backend.disposeData(t.dataId);
  return out;
});
