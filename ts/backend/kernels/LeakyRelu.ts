import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const LeakyReluConfig = createUnaryKernelConfig("LeakyRelu", UnaryOp.LeakyRelu, { params: (a) => [a.alpha as number, 0] });
