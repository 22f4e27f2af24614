// TopK along the last axis: a stable merge sort of each row's indices, largest first, with
// NaN ranked above every number (torch's order); equal values keep their index order. The
// first k indices and their values are written out.

// true when value a (index ia) must come before value b (index ib) in descending order
@inline function beforeF(a: f32, b: f32): bool {
  // NaN first; among equals (NaN == NaN here) the merge keeps index order
  if (a != a) return b == b;
  return a > b;
}

function sortRow(isF32: bool, row: usize, ix: usize, tmp: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i32>(ix + (<usize>i << 2), i);
  // bottom-up merge sort of ix by the row's values; stable
  let src = ix, dst = tmp;
  for (let w = 1; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = min(lo + w, n), hi = min(lo + 2 * w, n);
      let i = lo, j = mid, o = lo;
      while (i < mid && j < hi) {
        const ii = load<i32>(src + (<usize>i << 2)), jj = load<i32>(src + (<usize>j << 2));
        let takeRight: bool;
        if (isF32) takeRight = beforeF(load<f32>(row + (<usize>jj << 2)), load<f32>(row + (<usize>ii << 2)));
        else takeRight = load<i32>(row + (<usize>jj << 2)) > load<i32>(row + (<usize>ii << 2));
        if (takeRight) { store<i32>(dst + (<usize>o << 2), jj); j++; }
        else { store<i32>(dst + (<usize>o << 2), ii); i++; }
        o++;
      }
      while (i < mid) { store<i32>(dst + (<usize>o << 2), load<i32>(src + (<usize>i << 2))); i++; o++; }
      while (j < hi) { store<i32>(dst + (<usize>o << 2), load<i32>(src + (<usize>j << 2))); j++; o++; }
    }
    const t = src; src = dst; dst = t;
  }
  if (src != ix) memory.copy(ix, src, <usize>n << 2);
}

/** x [rows, n] (f32 or i32) → values [rows, k], indices [rows, k] (int32). */
export function topk(isF32: bool, x: usize, vals: usize, inds: usize, rows: i32, n: i32, k: i32): void {
  const nb = <usize>max(n, 1) << 2;
  const ix = heap.alloc(nb), tmp = heap.alloc(nb);
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * (<usize>n << 2);
    sortRow(isF32, row, ix, tmp, n);
    const vo = vals + <usize>r * (<usize>k << 2), io = inds + <usize>r * (<usize>k << 2);
    for (let i = 0; i < k; i++) {
      const j = load<i32>(ix + (<usize>i << 2));
      store<i32>(io + (<usize>i << 2), j);
      store<u32>(vo + (<usize>i << 2), load<u32>(row + (<usize>j << 2)));
    }
  }
  heap.free(tmp);
  heap.free(ix);
}
