import { kernel } from "./kernel.ts";

export const ZerosLikeConfig = kernel("ZerosLike", ({ x }, backend) => {
  const out = backend.makeOutput(x.shape.slice(), x.dtype);
  backend.view(out).fill(0);
  return out;
});
