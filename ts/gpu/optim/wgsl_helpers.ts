// WGSL functions shared by the GPU updates. WGSL lets a compiler assume no NaN reaches
// min/max/clamp, while the WASM kernels (f32x4.min/max) and torch (amax, clamp_) propagate
// NaN; these test NaN through the bits, which no compiler may fold away.

export const IS_NAN = "fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }";

/** max(a, b), NaN when either is NaN (f32x4.max). Needs IS_NAN. */
export const MAX_NAN = "fn maxNan(a: f32, b: f32) -> f32 { if (isNan(a)) { return a; } if (isNan(b)) { return b; } return max(a, b); }";

/** min(a, b), NaN when either is NaN (f32x4.min). Needs IS_NAN. */
export const MIN_NAN = "fn minNan(a: f32, b: f32) -> f32 { if (isNan(a)) { return a; } if (isNan(b)) { return b; } return min(a, b); }";

/**
 * The WGSL lines that read `w = p[i]` and prepare `gi` as asm/optim/moments.ts's preparedGrad
 * does: negated when maximizing, then plus weightDecay·w (torch's L2 decay on the gradient).
 */
export function preparedGradWgsl(maximize: boolean, weightDecay: boolean): string[] {
  return [
    "let w = p[i];",
    "var gi = g[i];",
    maximize ? "gi = -gi;" : "",
    weightDecay ? "gi = gi + u.weightDecay * w;" : "",
  ];
}

/** exp_avg = exp_avg·β1 + (1−β1)·g (asm/optim/moments.ts decayAdd), into `m` and slot s0. */
export const FIRST_MOMENT_WGSL = "let m = s0[i] * u.beta1 + u.oneMinusBeta1 * gi;";
/** exp_avg_sq = exp_avg_sq·β2 + ((1−β2)·g)·g (decayAddSquare), into `v` and slot s1. */
export const SECOND_MOMENT_WGSL = "let v = s1[i] * u.beta2 + (u.oneMinusBeta2 * gi) * gi;";
