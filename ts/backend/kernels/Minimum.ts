import { createBinaryKernelConfig } from "./binary_kernel.ts";
import { BinaryOp } from "./op_codes.ts";

export const MinimumConfig = createBinaryKernelConfig("Minimum", BinaryOp.Min, (x, y) => (x < y ? x : y));
