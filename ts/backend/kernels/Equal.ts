import { createCompareKernelConfig } from "./binary_kernel.ts";
import { CompareOp } from "./op_codes.ts";

export const EqualConfig = createCompareKernelConfig("Equal", CompareOp.Equal, (x, y) => x === y);
