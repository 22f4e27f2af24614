import { kernel } from "./kernel.ts";
import { transposeImpl } from "./util/transpose.ts";

export const TransposeConfig = kernel("Transpose", ({ x }, backend, attrs) => transposeImpl(backend, x, attrs.perm as number[]));
