// Relu: float32 through one SIMD pass (asm/kernels/relu.ts); int32 exactly in JS.
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

const generic = createUnaryKernelConfig("Relu", UnaryOp.Relu, { intFn: (x) => (x < 0 ? 0 : x) });

export const ReluConfig = kernel("Relu", ({ x }, backend, attrs) => {
  if (x.dtype !== "float32") return generic.kernelFunc({ inputs: { x }, backend, attrs }) as ReturnType<typeof backend.makeOutput>;
  const out = backend.makeOutput(x.shape.slice(), "float32");
  (backend.wasm.relu_f32 as (x: number, o: number, n: number) => void)(backend.ptrOf(x), backend.ptrOf(out), util.sizeFromShape(x.shape));
  return out;
});
