// tf.linspace → LinSpace with torch 1.13's float32 formula (asm/kernels/movement/cast.ts):
// the first half counts up from start, the second half down from stop, both ends exact.
import { kernel } from "./kernel.ts";
import { ValueError } from "../../errors.ts";

type LinSpaceFn = (out: number, num: number, start: number, stop: number) => void;

export const LinSpaceConfig = kernel("LinSpace", (_inputs, backend, attrs) => {
  const num = attrs.num as number;
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`linspace: number of steps must be non-negative, got ${num}`);
  const out = backend.makeOutput([num], "float32");
  if (num > 0) (backend.wasm.linspace as LinSpaceFn)(backend.ptrOf(out), num, attrs.start as number, attrs.stop as number);
  return out;
});
