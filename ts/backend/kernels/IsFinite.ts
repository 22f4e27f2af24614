import { createMapKernelConfig } from "./util/map_js.ts";

export const IsFiniteConfig = createMapKernelConfig("IsFinite", "bool", (x) => (Number.isFinite(x) ? 1 : 0));
