import { kernel } from "./kernel.ts";
import { castImpl } from "./util/cast.ts";

// A copy, not a shared buffer: tf.clone must survive in-place parameter updates.
export const IdentityConfig = kernel("Identity", ({ x }, backend) => castImpl(backend, x, x.dtype));
