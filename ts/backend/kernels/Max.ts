import { createReduceKernelConfig } from "./reduce_kernel.ts";
import { ReduceOp } from "./op_codes.ts";

export const MaxConfig = createReduceKernelConfig("Max", ReduceOp.Max, "reductionIndices", (d) => d);
