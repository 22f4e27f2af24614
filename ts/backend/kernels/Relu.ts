import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const ReluConfig = createUnaryKernelConfig("Relu", UnaryOp.Relu, { intFn: (x) => (x < 0 ? 0 : x) });
