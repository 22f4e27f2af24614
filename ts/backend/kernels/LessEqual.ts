import { createCompareKernelConfig } from "./binary_kernel.ts";
import { CompareOp } from "./op_codes.ts";

export const LessEqualConfig = createCompareKernelConfig("LessEqual", CompareOp.LessEqual, (x, y) => x <= y);
