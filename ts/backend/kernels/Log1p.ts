import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const Log1pConfig = createUnaryKernelConfig("Log1p", UnaryOp.Log1p);
