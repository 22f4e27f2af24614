// The table that maps each tensor API A fixture case (fixtures/gen_a_ops.py) to fulgur's op,
// shared by the torch-comparison tests on the CPU backends and on webgpu.
import * as ag from "../../ts/autograd/index.ts";
import type { Tensor, DType } from "../../ts/autograd/index.ts";

export type Args = Record<string, any>;
export type OpFn = (xs: Tensor[], a: Args) => Tensor | Tensor[];

/** A fixture tensor argument ({t, shape, dtype}) as a fulgur tensor; other values pass through. */
export function decode(v: any): any {
  if (Array.isArray(v) && v.length > 0 && v.every((e) => e !== null && typeof e === "object" && "t" in e)) return v.map(decode);
  if (v !== null && typeof v === "object" && !Array.isArray(v) && "t" in v) {
    return ag.tensor(v.t, v.shape, { dtype: v.dtype as DType });
  }
  return v;
}

export function decodeArgs(args: Args): Args {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, decode(v)]));
}

/** Several outputs are compared as one: each flattened, then concatenated (as the fixture does). */
export function joined(out: Tensor | Tensor[]): Tensor {
  return Array.isArray(out) ? ag.cat(out.map((o) => o.reshape(-1))) : out;
}

export const OPS: Record<string, OpFn> = {
  view: ([x], a) => x.view(a.shape),
  reshape: ([x], a) => x.reshape(a.shape),
  flatten: ([x], a) => x.flatten(a.start, a.end),
  unflatten: ([x], a) => x.unflatten(a.dim, a.sizes),
  squeeze: ([x], a) => x.squeeze(a.dim),
  unsqueeze: ([x], a) => x.unsqueeze(a.dim),
  permute: ([x], a) => x.permute(a.dims),
  transpose: ([x], a) => x.transpose(a.d0, a.d1),
  t: ([x]) => x.t(),
  movedim: ([x], a) => x.movedim(a.src, a.dst),
  expand: ([x], a) => x.expand(a.sizes),
  broadcastTo: ([x], a) => ag.broadcastTo(x, a.shape),
  expandAs: ([x, y]) => ag.cat([x.expandAs(y).reshape(-1)]).reshape(y.shape).add(y.mul(0)),
  sumToSize: ([x], a) => x.sumToSize(a.shape),
  repeat: ([x], a) => x.repeat(a.repeats),
  tril: ([x], a) => x.tril(a.diagonal),
  triu: ([x], a) => x.triu(a.diagonal),
  select: ([x], a) => x.select(a.dim, a.index),
  narrow: ([x], a) => x.narrow(a.dim, a.start, a.length),
  slice: ([x], a) => x.slice(a.dim, a.start, a.end, a.step),
  indexSelect: ([x], a) => x.indexSelect(a.dim, a.index),
  indexAdd: ([x, s], a) => x.indexAdd(a.dim, a.index, s, a.alpha),
  gather: ([x], a) => x.gather(a.dim, a.index),
  scatterAdd: ([x, s], a) => x.scatterAdd(a.dim, a.index, s),
  scatterAddZeros: ([x], a) => ag.zeros(4, 4).scatterAdd(a.dim, a.index, x),
  scatter: ([x, s], a) => x.scatter(a.dim, a.index, s),
  scatterValue: ([x], a) => x.scatter(a.dim, a.index, a.value),
  maskedFill: ([x], a) => x.maskedFill(a.mask, a.value),
  maskedFillT: ([x, v], a) => x.maskedFill(a.mask, v),
  where: ([x, y], a) => ag.where(a.cond, x, y ?? x.select(0, 0).mul(2)),
  whereScalar: ([x], a) => ag.where(a.cond, x, a.other),
  whereNumbers: (_, a) => ag.where(a.cond, a.a, a.b),
  catSplit: ([x]) => ag.cat(x.split([1, 2], 1).reverse(), 1),
  repeatPermute: ([x]) => x.repeat(2, 1).permute(1, 0),
  maskedSelect: ([x], a) => x.maskedSelect(a.mask),
  take: ([x], a) => x.take(a.index),
  index: ([x], a) => x.index(a.indices),
  flip: ([x], a) => x.flip(a.dims),
  roll: ([x], a) => x.roll(a.shifts, a.dims),
  diagonal: ([x], a) => x.diagonal(a.offset, a.d1, a.d2),
  nonzero: ([x]) => x.nonzero(),
  diag: ([x], a) => x.diag(a.k),
  repeatInterleave: ([x], a) => x.repeatInterleave(a.repeats, a.dim),
  indexPut: ([x, v], a) => x.indexPut(a.indices, v, a.accumulate),
  indexPutValue: ([x], a) => ag.indexPut(x, a.indices, a.value),
  cat: (xs, a) => ag.cat(xs, a.dim),
  stack: (xs, a) => ag.stack(xs, a.dim),
  hstack: (xs) => ag.hstack(xs),
  vstack: (xs) => ag.vstack(xs),
  split: ([x], a) => x.split(a.split, a.dim),
  chunk: ([x], a) => x.chunk(a.chunks, a.dim),
  unbind: ([x], a) => x.unbind(a.dim),
  toInt: ([x]) => x.long(),
  toBool: ([x]) => x.bool(),
  toFloat: ([x]) => x.float(),
};
