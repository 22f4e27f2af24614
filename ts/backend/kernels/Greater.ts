import { createCompareKernelConfig } from "./binary_kernel.ts";
import { CompareOp } from "./op_codes.ts";

export const GreaterConfig = createCompareKernelConfig("Greater", CompareOp.Greater, (x, y) => x > y);
