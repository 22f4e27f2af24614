import { createTrigKernelConfig, TrigOp } from "./trig_kernel.ts";

export const SinhConfig = createTrigKernelConfig("Sinh", TrigOp.Sinh);
