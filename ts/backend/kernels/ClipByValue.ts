import { createUnaryKernelConfig } from "./unary_kernel.ts";
import { UnaryOp } from "./op_codes.ts";

export const ClipByValueConfig = createUnaryKernelConfig("ClipByValue", UnaryOp.ClipByValue, { params: (a) => [a.clipValueMin as number, a.clipValueMax as number] });
