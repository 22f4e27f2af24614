import { createCompareKernelConfig } from "./binary_kernel.ts";

// Bool inputs never reach the float32 WASM path, so the op code is unused (-1).
export const LogicalAndConfig = createCompareKernelConfig("LogicalAnd", -1, (x, y) => x !== 0 && y !== 0);
