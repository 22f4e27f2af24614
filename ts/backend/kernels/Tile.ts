// Tile (also what tf.broadcastTo runs): out viewed as [reps0, s0, reps1, s1, ...] is one WASM
// copy_nd whose source strides are 0 on the repetition dims.
import { kernel } from "./kernel.ts";
import { copyNd, stridesOf } from "./util/nd_copy.ts";
import { ValueError } from "../../errors.ts";

export const TileConfig = kernel("Tile", ({ x }, backend, attrs) => {
  const reps = attrs.reps as number[];
  if (reps.length !== x.shape.length) {
    throw new ValueError(`Tile: reps [${reps}] must have one entry per dimension of the input of shape [${x.shape}]`);
  }
  const outShape = x.shape.map((s, d) => s * reps[d]);
  const out = backend.makeOutput(outShape, x.dtype);
  const xs = stridesOf(x.shape), os = stridesOf(outShape);
  const shape: number[] = [], src: number[] = [], dst: number[] = [];
  for (let d = 0; d < x.shape.length; d++) {
    shape.push(reps[d], x.shape[d]);
    src.push(0, xs[d]);
    dst.push(x.shape[d] * os[d], os[d]);
  }
  copyNd(backend, x, 0, src, shape, out, 0, dst);
  return out;
});
