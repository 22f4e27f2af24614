import { createTrigKernelConfig, TrigOp } from "./trig_kernel.ts";

export const TanConfig = createTrigKernelConfig("Tan", TrigOp.Tan);
