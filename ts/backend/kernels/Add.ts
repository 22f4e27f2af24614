import { createBinaryKernelConfig } from "./binary_kernel.ts";
import { BinaryOp } from "./op_codes.ts";

export const AddConfig = createBinaryKernelConfig("Add", BinaryOp.Add, (x, y) => (x + y) | 0);
