// The descriptor tables a fused optimizer step walks (written by ts/optim/group_layout.ts).
//   i32 table, DESC_STRIDE entries per parameter:
//     [0] param data ptr, [1] grad ptr, [2] element count, [3..6] state buffer ptrs, [7] unused
//   f64 table, COEF_STRIDE entries per parameter: per-parameter scalars (bias corrections,
//   step sizes) computed on the JS side in float64, as torch computes them from Python floats.
const DESC_STRIDE: i32 = 8;
const COEF_STRIDE: i32 = 4;

@inline export function descParam(table: usize, i: i32): usize {
  return <usize>load<i32>(table + <usize>((i * DESC_STRIDE) << 2));
}
@inline export function descGrad(table: usize, i: i32): usize {
  return <usize>load<i32>(table + <usize>((i * DESC_STRIDE + 1) << 2));
}
@inline export function descLen(table: usize, i: i32): i32 {
  return load<i32>(table + <usize>((i * DESC_STRIDE + 2) << 2));
}
@inline export function descState(table: usize, i: i32, k: i32): usize {
  return <usize>load<i32>(table + <usize>((i * DESC_STRIDE + 3 + k) << 2));
}
@inline export function coef(coefs: usize, i: i32, k: i32): f64 {
  return load<f64>(coefs + <usize>((i * COEF_STRIDE + k) << 3));
}
@inline export function f32At(base: usize, j: i32): f32 {
  return load<f32>(base + (<usize>j << 2));
}
@inline export function setF32(base: usize, j: i32, v: f32): void {
  store<f32>(base + (<usize>j << 2), v);
}
/** Pointer of stream k of parameter i: 0 param, 1 grad, 2 + s state buffer s. */
@inline export function descStream(table: usize, i: i32, k: i32): usize {
  return <usize>load<i32>(table + <usize>((i * DESC_STRIDE + (k < 2 ? k : k + 1)) << 2));
}
