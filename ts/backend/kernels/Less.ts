import { createCompareKernelConfig } from "./binary_kernel.ts";
import { CompareOp } from "./op_codes.ts";

export const LessConfig = createCompareKernelConfig("Less", CompareOp.Less, (x, y) => x < y);
