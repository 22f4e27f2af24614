import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const AbsConfig = createUnaryKernelConfig("Abs", UnaryOp.Abs, { intFn: (x) => Math.abs(x) | 0 });
