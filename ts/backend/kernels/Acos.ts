import { createTrigKernelConfig, TrigOp } from "./trig_kernel.ts";

export const AcosConfig = createTrigKernelConfig("Acos", TrigOp.Acos);
