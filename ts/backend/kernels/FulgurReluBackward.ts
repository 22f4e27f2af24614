// Custom kernel FulgurReluBackward: torch threshold_backward(dy, y, 0) = y > 0 ? dy : 0, one SIMD
// pass (asm/kernels/relu.ts) for float32 dy and y of one shape.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";

export const RELU_BACKWARD = "FulgurReluBackward";

export const FulgurReluBackwardConfig = kernel(RELU_BACKWARD, ({ dy, y }, backend) => {
  const [fg, tg] = asFloat32(backend, dy), [fy, ty] = asFloat32(backend, y);
  const out = backend.makeOutput(dy.shape.slice(), "float32");
  (backend.wasm.relu_backward_f32 as (g: number, y: number, o: number, n: number) => void)(
    backend.ptrOf(fg), backend.ptrOf(fy), backend.ptrOf(out), util.sizeFromShape(dy.shape));
  if (tg) backend.disposeData(fg.dataId);
  if (ty) backend.disposeData(fy.dataId);
  return out;
});
