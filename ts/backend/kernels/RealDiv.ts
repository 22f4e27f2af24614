import { createBinaryKernelConfig } from "./binary_kernel.ts";
import { BinaryOp } from "./op_codes.ts";

export const RealDivConfig = createBinaryKernelConfig("RealDiv", BinaryOp.Div);
