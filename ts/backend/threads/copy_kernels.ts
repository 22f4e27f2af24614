// Pool version of copy_nd (asm/kernels/movement/copy_nd.ts), same signature: every transpose,
// permute, slice, pad and concat copy. The output is cut along its outermost dimension into
// bands, one copy_nd per band. A copy moves values without arithmetic, so any cut gives the same
// bytes; a 2048² transpose is bound by how many cache misses one core keeps in flight, so a
// second core nearly halves it.

import type { Fn, GetPool, Raw } from "./kernel_types.ts";

/** Below this many elements a copy stays on the calling thread (256 KiB of f32: ~10 µs). */
export const copyThresholds = { elements: 1 << 16 };

export const COPY_KERNELS = ["copy_nd"];

/** [lowest, highest] element offset a strided walk of `shape` touches. */
function extent(shape: number[], strides: number[]): [number, number] {
  let lo = 0, hi = 0;
  for (let d = 0; d < shape.length; d++) {
    const span = (shape[d] - 1) * strides[d];
    if (span < 0) lo += span;
    else hi += span;
  }
  return [lo, hi];
}

function copyNd(raw: Raw, getPool: GetPool): Fn {
  const one = raw.copy_nd as Fn;
  return (es, src, dst, nd, meta) => {
    const pool = getPool();
    if (pool === null || pool.threads < 2 || nd < 1) return one(es, src, dst, nd, meta);
    // the size first: most copies of a training step are small, and go straight through
    const view = new Int32Array(raw.memory.buffer, meta, 3 * nd);
    let total = 1;
    for (let d = 0; d < nd; d++) total *= view[d];
    if (total < copyThresholds.elements || view[0] < 2) return one(es, src, dst, nd, meta);
    const m = Array.from(view);
    const shape = m.slice(0, nd), ss = m.slice(nd, 2 * nd), ds = m.slice(2 * nd);
    // a destination written more than once, or a copy within one buffer whose source and
    // destination overlap, stays whole (its order matters)
    if (ds.some((d, i) => d === 0 && shape[i] > 1)) return one(es, src, dst, nd, meta);
    const [sl, sh] = extent(shape, ss), [dl, dh] = extent(shape, ds);
    if (src + sl * es <= dst + (dh + 1) * es && dst + dl * es <= src + (sh + 1) * es) return one(es, src, dst, nd, meta);
    // bands of the outer dimension: whole 64-row tiles for a transpose, whole 64-byte lines otherwise
    const unit = nd === 1 ? 64 / es : 64;
    const per = Math.ceil(shape[0] / pool.threads / unit) * unit;
    const pieces: number[][] = [], metas: number[] = [];
    try {
      for (let i0 = 0; i0 < shape[0]; i0 += per) {
        const p = raw.alloc(12 * nd) >>> 0;
        metas.push(p);
        const pm = m.slice();
        pm[0] = Math.min(per, shape[0] - i0);
        new Int32Array(raw.memory.buffer, p, 3 * nd).set(pm);
        pieces.push([es, src + i0 * ss[0] * es, dst + i0 * ds[0] * es, nd, p]);
      }
      pool.run("copy_nd", pieces);
    } finally {
      for (const p of metas) raw.dealloc(p);
    }
  };
}

/** The pool versions of COPY_KERNELS. */
export function copyKernels(raw: Raw, getPool: GetPool): Record<string, Fn> {
  return { copy_nd: copyNd(raw, getPool) };
}
