// Max pooling over planes x [P, H, W] with torch's choice of index: windows scanned in order,
// a value replaces the maximum when greater or NaN (so NaN propagates), the first element of
// the window inside the input starts it. idx holds the flat input index p*H*W + iy*W + ix.
export function maxpool_f32(x: usize, out: usize, idx: usize, P: i32, H: i32, W: i32,
                            kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32,
                            oh: i32, ow: i32): void {
  // (every window inside the input: not so with ceil mode on an odd size)
  if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1 && 2 * oh <= H && 2 * ow <= W) {
    maxpool2x2(x, out, idx, P, H, W, oh, ow);
    return;
  }
  let o: usize = 0;
  for (let p = 0; p < P; p++) {
    const base = p * H * W;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let best: f32 = -Infinity;
        let bi: i32 = -1;
        const y0 = oy * sh - ph, x0 = ox * sw - pw;
        if (y0 >= 0 && x0 >= 0 && y0 + (kh - 1) * dh < H && x0 + (kw - 1) * dw < W) {
          // the whole window inside: no bounds tests; its first element starts the maximum
          bi = base + y0 * W + x0;
          best = load<f32>(x + (<usize>bi << 2));
          for (let i = 0; i < kh; i++) {
            let at = base + (y0 + i * dh) * W + x0;
            for (let j = 0; j < kw; j++) {
              const v = load<f32>(x + (<usize>at << 2));
              // branch-free (random data mispredicts a branch half the time)
              const take = (v > best) | (v != v);
              best = select<f32>(v, best, take);
              bi = select<i32>(at, bi, take);
              at += dw;
            }
          }
          store<f32>(out + (o << 2), best);
          store<i32>(idx + (o << 2), bi);
          o++;
          continue;
        }
        for (let i = 0; i < kh; i++) {
          const iy = oy * sh - ph + i * dh;
          if (iy < 0 || iy >= H) continue;
          for (let j = 0; j < kw; j++) {
            const ix = ox * sw - pw + j * dw;
            if (ix < 0 || ix >= W) continue;
            const at = base + iy * W + ix;
            const v = load<f32>(x + (<usize>at << 2));
            if (bi < 0 || v > best || v != v) { best = v; bi = at; }
          }
        }
        store<f32>(out + (o << 2), best);
        store<i32>(idx + (o << 2), bi);
        o++;
      }
    }
  }
}

// The common 2×2, stride 2 pooling unrolled (same rule, same order: (0,0), (0,1), (1,0), (1,1)),
// four outputs at a time: two rows of 8 inputs split into even and odd columns, the rule applied
// lane-wise (the comparisons and selects are exact, so the bits match the scalar rule).
function maxpool2x2(x: usize, out: usize, idx: usize, P: i32, H: i32, W: i32, oh: i32, ow: i32): void {
  let o: usize = 0;
  const step = i32x4(0, 2, 4, 6);
  for (let p = 0; p < P; p++) {
    const base = p * H * W;
    for (let oy = 0; oy < oh; oy++) {
      let at = base + 2 * oy * W;
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4) {
        const r0 = x + (<usize>at << 2), r1 = r0 + (<usize>W << 2);
        const a0 = v128.load(r0), a1 = v128.load(r0, 16), b0 = v128.load(r1), b1 = v128.load(r1, 16);
        let best = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
        const i00 = i32x4.add(i32x4.splat(at), step);
        let bi = i00;
        let v = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
        let take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, take); bi = v128.bitselect(i32x4.add(i00, i32x4.splat(1)), bi, take);
        v = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
        take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, take); bi = v128.bitselect(i32x4.add(i00, i32x4.splat(W)), bi, take);
        v = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, take); bi = v128.bitselect(i32x4.add(i00, i32x4.splat(W + 1)), bi, take);
        v128.store(out + (o << 2), best);
        v128.store(idx + (o << 2), bi);
        o += 4;
        at += 8;
      }
      for (; ox < ow; ox++) {
        const r0 = x + (<usize>at << 2), r1 = r0 + (<usize>W << 2);
        let best = load<f32>(r0), bi = at;
        let v = load<f32>(r0, 4);
        let take = (v > best) | (v != v);
        best = select<f32>(v, best, take); bi = select<i32>(at + 1, bi, take);
        v = load<f32>(r1);
        take = (v > best) | (v != v);
        best = select<f32>(v, best, take); bi = select<i32>(at + W, bi, take);
        v = load<f32>(r1, 4);
        take = (v > best) | (v != v);
        best = select<f32>(v, best, take); bi = select<i32>(at + W + 1, bi, take);
        store<f32>(out + (o << 2), best);
        store<i32>(idx + (o << 2), bi);
        o++;
        at += 2;
      }
    }
  }
}
