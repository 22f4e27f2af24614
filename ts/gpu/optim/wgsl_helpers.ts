// WGSL functions shared by the GPU updates. WGSL lets a compiler assume no NaN reaches
// min/max/clamp, while the WASM kernels (f32x4.min/max) and torch (amax, clamp_) propagate
// NaN; these test NaN through the bits, which no compiler may fold away.

export const IS_NAN = "fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }";

/** max(a, b), NaN when either is NaN (f32x4.max). Needs IS_NAN. */
export const MAX_NAN = "fn maxNan(a: f32, b: f32) -> f32 { if (isNan(a)) { return a; } if (isNan(b)) { return b; } return max(a, b); }";

/** min(a, b), NaN when either is NaN (f32x4.min). Needs IS_NAN. */
export const MIN_NAN = "fn minNan(a: f32, b: f32) -> f32 { if (isNan(a)) { return a; } if (isNan(b)) { return b; } return min(a, b); }";
