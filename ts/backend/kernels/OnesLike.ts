import { kernel } from "./kernel.ts";

export const OnesLikeConfig = kernel("OnesLike", ({ x }, backend) => {
  const out = backend.makeOutput(x.shape.slice(), x.dtype);
  backend.view(out).fill(1);
  return out;
});
