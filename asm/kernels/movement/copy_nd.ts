// Exact N-d data movement: every transpose, slice (with steps, negative too), reverse, tile,
// broadcast, pad interior, split and unstack is one call of copy_nd. Element size 1 (bool)
// or 4 (f32 / i32). Pure copies: no arithmetic, so no rounding order to fix.
//
// meta (i32, written by ts/backend/kernels/util/nd_copy.ts) =
//   [shape[0..nd), srcStride[0..nd), dstStride[0..nd)]   element strides, may be 0 or negative.
// The JS side has already merged contiguous dimensions and dropped size-1 ones, so the
// innermost dimension decides the inner loop:
//   both strides 1                          → memory.copy of the row
//   src stride 1 on dim nd-2, dst 1 on nd-1  → tiled 2-D transpose of the last two dims (4-byte)
//   anything else                           → element loop (stride 0 → fill)

import { transposeTile32 } from "./transpose";
import { alloc, dealloc } from "../../memory";

@inline function ld(meta: usize, i: i32): i32 { return load<i32>(meta + (<usize>i << 2)); }

function innerRow(es: i32, src: usize, ss: i32, dst: usize, ds: i32, n: i32): void {
  if (ss == 1 && ds == 1) { memory.copy(dst, src, <usize>n * <usize>es); return; }
  if (es == 4) {
    if (ss == 0 && ds == 1) {
      const v = load<u32>(src);
      const sv = i32x4.splat(v);
      let i = 0;
      for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), sv);
      for (; i < n; i++) store<u32>(dst + (<usize>i << 2), v);
      return;
    }
    const sb = <isize>ss << 2, db = <isize>ds << 2;
    let s = <isize>src, d = <isize>dst;
    for (let i = 0; i < n; i++, s += sb, d += db) store<u32>(<usize>d, load<u32>(<usize>s));
  } else {
    if (ss == 0 && ds == 1) { memory.fill(dst, load<u8>(src), <usize>n); return; }
    let s = <isize>src, d = <isize>dst;
    for (let i = 0; i < n; i++, s += ss, d += ds) store<u8>(<usize>d, load<u8>(<usize>s));
  }
}

/** See the header. es: element size in bytes (1 or 4). */
export function copy_nd(es: i32, src: usize, dst: usize, nd: i32, meta: usize): void {
  if (nd == 0) { memory.copy(dst, src, <usize>es); return; }
  for (let d = 0; d < nd; d++) if (ld(meta, d) == 0) return;
  const last = nd - 1;
  const n = ld(meta, last), ss = ld(meta, nd + last), ds = ld(meta, 2 * nd + last);
  // a 2-D transpose of the last two dims: src walks dim nd-2 contiguously, dst walks dim nd-1
  const tile = es == 4 && nd >= 2 && ss != 1 && ds == 1 && ld(meta, nd + last - 1) == 1;
  const outerDims = tile ? nd - 2 : last;
  const rows = tile ? ld(meta, last - 1) : 0;
  const rowDst = tile ? ld(meta, 2 * nd + last - 1) : 0;
  // odometer over the outer dims; offsets in elements (signed)
  let outer = 1;
  for (let d = 0; d < outerDims; d++) outer *= ld(meta, d);
  const coord = alloc(<usize>max(outerDims, 1) << 2);
  for (let d = 0; d < outerDims; d++) store<i32>(coord + (<usize>d << 2), 0);
  let so: isize = 0, dO: isize = 0;
  const esz = <isize>es;
  for (let r = 0; r < outer; r++) {
    const s = <usize>(<isize>src + so * esz), t = <usize>(<isize>dst + dO * esz);
    if (tile) transposeTile32(s, ss, t, rowDst, rows, n);
    else innerRow(es, s, ss, t, ds, n);
    for (let d = outerDims - 1; d >= 0; d--) {
      const cp = coord + (<usize>d << 2);
      const c = load<i32>(cp) + 1;
      const sd = <isize>ld(meta, nd + d), dd = <isize>ld(meta, 2 * nd + d);
      if (c < ld(meta, d)) { store<i32>(cp, c); so += sd; dO += dd; break; }
      store<i32>(cp, 0);
      so -= sd * <isize>(c - 1); dO -= dd * <isize>(c - 1);
    }
  }
  dealloc(coord);
}

/** Fills n elements of size es (1 or 4) with the low es bytes of `bits`. */
export function fill_bits(es: i32, dst: usize, n: i32, bits: u32): void {
  if (es == 1) { memory.fill(dst, <u8>bits, <usize>n); return; }
  const v = i32x4.splat(bits);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v);
  for (; i < n; i++) store<u32>(dst + (<usize>i << 2), bits);
}

/**
 * Concatenation: copies `outer` runs of `runBytes` from a contiguous src into dst rows of
 * `rowBytes`, starting `colBytes` into each row.
 */
export function copy_runs(src: usize, dst: usize, outer: i32, runBytes: i32, rowBytes: i32, colBytes: i32): void {
  let s = src, d = dst + <usize>colBytes;
  for (let r = 0; r < outer; r++, s += <usize>runBytes, d += <usize>rowBytes) memory.copy(d, s, <usize>runBytes);
}
