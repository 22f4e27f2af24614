// ReLU and its backward (torch threshold_backward(g, y, 0)) as SIMD passes with the scalar rules'
// exact results: relu keeps NaN and −0 (x < 0 ? 0 : x), the backward passes g where y > 0 and +0
// elsewhere (NaN in y gives 0). One kernel each instead of the generic unary switch per element
// and the Greater + ZerosLike + Select composition.

export function relu_f32(x: usize, out: usize, n: i32): void {
  const z = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(out + o, v128.bitselect(z, v, f32x4.lt(v, z)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), v < 0 ? 0 : v);
  }
}

export function relu_backward_f32(g: usize, y: usize, out: usize, n: i32): void {
  const z = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, v128.and(v128.load(g + o), f32x4.gt(v128.load(y + o), z)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(y + o) > 0 ? load<f32>(g + o) : 0);
  }
}
