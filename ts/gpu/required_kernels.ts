// Every tfjs kernel fulgur's autograd, nn, losses and optimizers run (the kernels the
// fulgur-wasm backend implements, ts/backend/kernels). A backend missing one would fail
// mid-training, so the GPU path checks them all up front and names the missing ones.
import { FulgurRuntimeError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";

export const REQUIRED_KERNELS = [
  "Abs", "Add", "AddN", "ArgMax", "ArgMin", "BatchMatMul", "Cast", "Ceil", "ClipByValue", "Concat", "Cos",
  "Elu", "Equal", "Erf", "Exp", "ExpandDims", "Expm1", "Fill", "Floor", "GatherV2", "Greater", "GreaterEqual",
  "Identity", "IsFinite", "IsInf", "IsNan", "LeakyRelu", "Less", "LessEqual", "Log", "Log1p", "LogicalAnd",
  "LogicalNot", "LogicalOr", "Max", "Maximum", "Mean", "Min", "Minimum", "Multiply", "Neg", "NotEqual",
  "OneHot", "OnesLike", "Pack", "PadV2", "Pow", "Prod", "Range", "RealDiv", "Reciprocal", "Relu", "Relu6",
  "Reshape", "Reverse", "Round", "Rsqrt", "Select", "Sigmoid", "Sign", "Sin", "Slice", "Softmax", "Softplus",
  "SplitV", "Sqrt", "Square", "SquaredDifference", "Step", "StridedSlice", "Sub", "Sum", "Tanh", "Tile",
  "Transpose", "Unpack", "ZerosLike",
] as const;

/** Kernels only the webgpu path runs (linear's bias inside the matmul dispatch). */
export const WEBGPU_KERNELS = ["_FusedMatMul"] as const;

/** The required kernels `backendName` has not registered. */
export function missingKernels(backendName: string): string[] {
  const needed: readonly string[] = backendName === "webgpu" ? [...REQUIRED_KERNELS, ...WEBGPU_KERNELS] : REQUIRED_KERNELS;
  return needed.filter((k) => tf.getKernel(k, backendName) === undefined);
}

/** Throws, naming every missing kernel, unless `backendName` registers them all. */
export function checkRequiredKernels(backendName: string): void {
  const missing = missingKernels(backendName);
  if (missing.length > 0) {
    throw new FulgurRuntimeError(
      `the "${backendName}" tfjs backend lacks kernels fulgur needs: ${missing.join(", ")} ` +
        "(fulgur never falls back to the CPU silently; use accelerator \"wasm\")",
    );
  }
}
