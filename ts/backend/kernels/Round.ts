import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const RoundConfig = createUnaryKernelConfig("Round", UnaryOp.Round, { intFn: (x) => x });
