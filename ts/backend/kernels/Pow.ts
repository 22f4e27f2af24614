import { createBinaryKernelConfig } from "./binary_kernel.ts";
import { BinaryOp } from "./op_codes.ts";

export const PowConfig = createBinaryKernelConfig("Pow", BinaryOp.Pow);
