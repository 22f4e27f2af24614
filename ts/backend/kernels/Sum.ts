import { createReduceKernelConfig } from "./reduce_kernel.ts";
import { ReduceOp } from "./op_codes.ts";

export const SumConfig = createReduceKernelConfig("Sum", ReduceOp.Sum, "axis", (d) => (d === "float32" ? "float32" : "int32"));
