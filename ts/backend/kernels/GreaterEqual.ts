import { createCompareKernelConfig } from "./binary_kernel.ts";
import { CompareOp } from "./op_codes.ts";

export const GreaterEqualConfig = createCompareKernelConfig("GreaterEqual", CompareOp.GreaterEqual, (x, y) => x >= y);
