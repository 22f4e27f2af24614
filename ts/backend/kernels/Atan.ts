import { createTrigKernelConfig, TrigOp } from "./trig_kernel.ts";

export const AtanConfig = createTrigKernelConfig("Atan", TrigOp.Atan);
