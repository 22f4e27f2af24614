import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const StepConfig = createUnaryKernelConfig("Step", UnaryOp.Step, { params: (a) => [(a.alpha as number) ?? 0, 0] });
