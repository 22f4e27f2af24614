import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const SquareConfig = createUnaryKernelConfig("Square", UnaryOp.Square, { intFn: (x) => Math.imul(x, x) });
