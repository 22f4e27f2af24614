import { createBoolReduceKernelConfig } from "./bool_reduce_kernel.ts";

export const AnyConfig = createBoolReduceKernelConfig("Any", 1);
