import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const Expm1Config = createUnaryKernelConfig("Expm1", UnaryOp.Expm1);
