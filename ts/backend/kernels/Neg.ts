import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const NegConfig = createUnaryKernelConfig("Neg", UnaryOp.Neg, { intFn: (x) => -x | 0 });
