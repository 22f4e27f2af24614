import { createMapKernelConfig } from "./util/map_js.ts";

export const IsNanConfig = createMapKernelConfig("IsNan", "bool", (x) => (Number.isNaN(x) ? 1 : 0));
