import { createTrigKernelConfig, TrigOp } from "./trig_kernel.ts";

export const CoshConfig = createTrigKernelConfig("Cosh", TrigOp.Cosh);
