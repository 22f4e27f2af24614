import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const LogConfig = createUnaryKernelConfig("Log", UnaryOp.Log);
