// Max pooling over planes x [P, H, W] with torch's choice of index: windows scanned in order,
// a value replaces the maximum when greater or NaN (so NaN propagates), the first element of
// the window inside the input starts it. idx holds the flat input index p*H*W + iy*W + ix.
export function maxpool_f32(x: usize, out: usize, idx: usize, P: i32, H: i32, W: i32,
                            kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32,
                            oh: i32, ow: i32): void {
  let o: usize = 0;
  for (let p = 0; p < P; p++) {
    const base = p * H * W;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let best: f32 = -Infinity;
        let bi: i32 = -1;
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
