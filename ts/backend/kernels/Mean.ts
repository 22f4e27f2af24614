import { createReduceKernelConfig } from "./reduce_kernel.ts";
import { ReduceOp } from "./op_codes.ts";

export const MeanConfig = createReduceKernelConfig("Mean", ReduceOp.Mean, "axis", () => "float32");
