export { Atan2KernelConfig as Atan2Config } from "./trig_kernel.ts";
