import { createArgReduceKernelConfig } from "./arg_reduce_kernel.ts";
import { ArgReduceOp } from "./op_codes.ts";

export const ArgMaxConfig = createArgReduceKernelConfig("ArgMax", ArgReduceOp.ArgMax);
