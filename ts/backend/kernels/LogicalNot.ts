import { createMapKernelConfig } from "./util/map_js.ts";

export const LogicalNotConfig = createMapKernelConfig("LogicalNot", "bool", (x) => (x ? 0 : 1));
