import { createBinaryKernelConfig } from "./binary_kernel.ts";
import { BinaryOp } from "./op_codes.ts";

export const MaximumConfig = createBinaryKernelConfig("Maximum", BinaryOp.Max, (x, y) => (x > y ? x : y));
