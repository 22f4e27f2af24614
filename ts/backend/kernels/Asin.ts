import { createTrigKernelConfig, TrigOp } from "./trig_kernel.ts";

export const AsinConfig = createTrigKernelConfig("Asin", TrigOp.Asin);
