import { createReduceKernelConfig } from "./reduce_kernel.ts";
import { ReduceOp } from "./op_codes.ts";

export const MinConfig = createReduceKernelConfig("Min", ReduceOp.Min, "axis", (d) => d);
