// Index-driven movement: GatherV2, GatherNd, ScatterNd, OneHot.
// Indices are int32. A kernel that meets an index out of range stops and returns the
// position of that index (in the indices tensor) so the JS side can name it; -1 = all fine.
// Sums run in index order (the order torch's CPU scatter_add / index_add walk), one f32
// (or wrapping i32) addition at a time: a fixed order, identical on every engine.

@inline function copyElems(dst: usize, src: usize, n: i32, es: i32): void {
  if (n == 1) {
    if (es == 4) store<u32>(dst, load<u32>(src)); else store<u8>(dst, load<u8>(src));
  } else memory.copy(dst, src, <usize>n * <usize>es);
}

/**
 * x viewed as [batch, outer, dim, slice], indices as [batch, nIdx]; out [batch, outer, nIdx, slice].
 */
export function gather_v2(es: i32, x: usize, idx: usize, out: usize, batch: i32, outer: i32, dim: i32, slice: i32, nIdx: i32): i32 {
  const sliceB = <usize>slice * <usize>es;
  let o = out;
  for (let b = 0; b < batch; b++) {
    const ib = idx + (<usize>b * <usize>nIdx << 2);
    for (let r = 0; r < outer; r++) {
      const base = x + <usize>(b * outer + r) * <usize>dim * sliceB;
      if (slice == 1 && es == 4) {
        // one element per index: the hot path of torch.gather / take / indexSelect on the last dim
        for (let k = 0; k < nIdx; k++) {
          const i = load<i32>(ib + (<usize>k << 2));
          if (<u32>i >= <u32>dim) return b * nIdx + k;
          store<u32>(o, load<u32>(base + (<usize>i << 2)));
          o += 4;
        }
      } else {
        for (let k = 0; k < nIdx; k++) {
          const i = load<i32>(ib + (<usize>k << 2));
          if (<u32>i >= <u32>dim) return b * nIdx + k;
          copyElems(o, base + <usize>i * sliceB, slice, es);
          o += sliceB;
        }
      }
    }
  }
  return -1;
}

/**
 * GatherNd: idx [n, depth] addresses the first `depth` dims of x (dims / element strides in
 * meta = [dims[0..depth), strides[0..depth)]); each picks a run of `slice` elements.
 * Returns the flat position in idx of the first out-of-range component, or -1.
 */
export function gather_nd(es: i32, x: usize, idx: usize, out: usize, n: i32, depth: i32, slice: i32, meta: usize): i32 {
  const sliceB = <usize>slice * <usize>es;
  for (let r = 0; r < n; r++) {
    let off: usize = 0;
    for (let j = 0; j < depth; j++) {
      const p = r * depth + j;
      const i = load<i32>(idx + (<usize>p << 2));
      if (<u32>i >= <u32>load<i32>(meta + (<usize>j << 2))) return p;
      off += <usize>i * <usize>load<i32>(meta + (<usize>(depth + j) << 2));
    }
    copyElems(out + <usize>r * sliceB, x + off * <usize>es, slice, es);
  }
  return -1;
}

/** Adds `slice` elements of src into dst (f32 when isF32, else wrapping i32). */
@inline function addRun(isF32: bool, dst: usize, src: usize, slice: i32): void {
  let i = 0;
  if (isF32) {
    for (; i + 4 <= slice; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
    }
    for (; i < slice; i++) {
      const o = <usize>i << 2;
      store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
    }
  } else {
    for (; i + 4 <= slice; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, i32x4.add(v128.load(dst + o), v128.load(src + o)));
    }
    for (; i < slice; i++) {
      const o = <usize>i << 2;
      store<i32>(dst + o, load<i32>(dst + o) + load<i32>(src + o));
    }
  }
}

/**
 * ScatterNd (out must be zeroed by the caller): out[idx[r]] += updates[r] for r in order.
 * Element size 4 only (f32 or i32); meta as in gather_nd.
 */
export function scatter_nd_add(isF32: bool, upd: usize, idx: usize, out: usize, n: i32, depth: i32, slice: i32, meta: usize): i32 {
  const sliceB = <usize>slice << 2;
  for (let r = 0; r < n; r++) {
    let off: usize = 0;
    for (let j = 0; j < depth; j++) {
      const p = r * depth + j;
      const i = load<i32>(idx + (<usize>p << 2));
      if (<u32>i >= <u32>load<i32>(meta + (<usize>j << 2))) return p;
      off += <usize>i * <usize>load<i32>(meta + (<usize>(depth + j) << 2));
    }
    addRun(isF32, out + (off << 2), upd + <usize>r * sliceB, slice);
  }
  return -1;
}

/** OneHot: out [n, depth] of 4-byte `off`, `on` where idx is in [0, depth) (else all off, as tfjs). */
export function one_hot(idx: usize, out: usize, n: i32, depth: i32, on: u32, off: u32): void {
  const total = n * depth;
  const v = i32x4.splat(off);
  let i = 0;
  for (; i + 4 <= total; i += 4) v128.store(out + (<usize>i << 2), v);
  for (; i < total; i++) store<u32>(out + (<usize>i << 2), off);
  for (let r = 0; r < n; r++) {
    const k = load<i32>(idx + (<usize>r << 2));
    if (<u32>k < <u32>depth) store<u32>(out + (<usize>(r * depth + k) << 2), on);
  }
}
