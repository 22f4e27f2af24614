import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const Relu6Config = createUnaryKernelConfig("Relu6", UnaryOp.Relu6, { intFn: (x) => (x < 0 ? 0 : x > 6 ? 6 : x) });
