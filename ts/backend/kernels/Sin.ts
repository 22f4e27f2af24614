import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const SinConfig = createUnaryKernelConfig("Sin", UnaryOp.Sin);
