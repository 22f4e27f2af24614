import { createArgReduceKernelConfig } from "./arg_reduce_kernel.ts";
import { ArgReduceOp } from "./op_codes.ts";

export const ArgMinConfig = createArgReduceKernelConfig("ArgMin", ArgReduceOp.ArgMin);
