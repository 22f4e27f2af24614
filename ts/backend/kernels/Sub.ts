import { createBinaryKernelConfig } from "./binary_kernel.ts";
import { BinaryOp } from "./op_codes.ts";

export const SubConfig = createBinaryKernelConfig("Sub", BinaryOp.Sub, (x, y) => (x - y) | 0);
