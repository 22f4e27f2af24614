import { createBinaryKernelConfig } from "./binary_kernel.ts";
import { BinaryOp } from "./op_codes.ts";

export const SquaredDifferenceConfig = createBinaryKernelConfig("SquaredDifference", BinaryOp.SquaredDifference, (x, y) => Math.imul(x - y, x - y));
