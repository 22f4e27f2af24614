import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const CeilConfig = createUnaryKernelConfig("Ceil", UnaryOp.Ceil, { intFn: (x) => x });
