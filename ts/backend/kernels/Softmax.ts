import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { FulgurRuntimeError } from "../../errors.ts";

type RowsFn = (x: number, o: number, rows: number, cols: number) => void;

// tfjs dispatches Softmax over the last dimension only (attrs.dim is -1 or rank-1).
export const SoftmaxConfig = kernel("Softmax", ({ logits }, backend, attrs) => {
  const rank = logits.shape.length;
  const dim = attrs.dim as number;
  if (dim !== -1 && dim !== rank - 1) throw new FulgurRuntimeError(`Softmax: only the last dimension is supported, got dim=${dim}`);
  const cols = logits.shape[rank - 1];
  const out = backend.makeOutput(logits.shape.slice(), "float32");
  (backend.wasm.softmax_f32 as RowsFn)(backend.ptrOf(logits), backend.ptrOf(out), util.sizeFromShape(logits.shape) / cols, cols);
  return out;
});
