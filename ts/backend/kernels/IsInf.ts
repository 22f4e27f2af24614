import { createMapKernelConfig } from "./util/map_js.ts";

export const IsInfConfig = createMapKernelConfig("IsInf", "bool", (x) => (x === Infinity || x === -Infinity ? 1 : 0));
