import { createBinaryKernelConfig } from "./binary_kernel.ts";
import { BinaryOp } from "./op_codes.ts";

export const MultiplyConfig = createBinaryKernelConfig("Multiply", BinaryOp.Mul, (x, y) => Math.imul(x, y));
