import type { DataType } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { castImpl } from "./util/cast.ts";

// Always a fresh buffer (even for the same dtype) so in-place optimizer writes never alias.
export const CastConfig = kernel("Cast", ({ x }, backend, attrs) => castImpl(backend, x, attrs.dtype as DataType));
