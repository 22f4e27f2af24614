import { createCompareKernelConfig } from "./binary_kernel.ts";
import { CompareOp } from "./op_codes.ts";

export const NotEqualConfig = createCompareKernelConfig("NotEqual", CompareOp.NotEqual, (x, y) => x !== y);
