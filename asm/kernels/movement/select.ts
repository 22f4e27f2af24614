// Select (tf.where with three tensors): out[i] = cond[i / rowLen] ? t[i] : e[i].
// cond is bool (one byte per element). rowLen > 1 when a rank-1 condition picks whole rows.

export function select(es: i32, cond: usize, t: usize, e: usize, out: usize, n: i32, rowLen: i32): void {
  if (rowLen > 1) {
    const rows = n / rowLen;
    const rowB = <usize>rowLen * <usize>es;
    for (let r = 0; r < rows; r++) {
      const off = <usize>r * rowB;
      memory.copy(out + off, (load<u8>(cond + <usize>r) != 0 ? t : e) + off, rowB);
    }
    return;
  }
  let i = 0;
  if (es == 4) {
    // four condition bytes widened to four lane masks, then one bitselect
    const zero = i32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const c = v128.load32_zero(cond + <usize>i);
      const m = i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(c)), zero);
      const o = <usize>i << 2;
      v128.store(out + o, v128.bitselect(v128.load(t + o), v128.load(e + o), m));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<u32>(out + o, load<u32>((load<u8>(cond + <usize>i) != 0 ? t : e) + o));
    }
  } else {
    const zero = i8x16.splat(0);
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i;
      const m = i8x16.ne(v128.load(cond + o), zero);
      v128.store(out + o, v128.bitselect(v128.load(t + o), v128.load(e + o), m));
    }
    for (; i < n; i++) store<u8>(out + <usize>i, load<u8>((load<u8>(cond + <usize>i) != 0 ? t : e) + <usize>i));
  }
}
