import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const FloorConfig = createUnaryKernelConfig("Floor", UnaryOp.Floor, { intFn: (x) => x });
