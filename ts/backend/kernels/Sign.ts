import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const SignConfig = createUnaryKernelConfig("Sign", UnaryOp.Sign, { intFn: (x) => Math.sign(x) });
