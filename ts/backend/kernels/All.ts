import { createBoolReduceKernelConfig } from "./bool_reduce_kernel.ts";

export const AllConfig = createBoolReduceKernelConfig("All", 0);
