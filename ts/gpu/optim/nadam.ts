// NAdam on the GPU: the op order of asm/optim/nadam.ts (torch 1.13 _single_tensor_nadam):
//   g = g + wd*p;  m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g;  denom = sqrt(v / bc2) + eps
//   p = p + (c1*g)/denom;  p = p + (c2*m)/denom
// args (as optim_nadam): beta1, beta2, 1-beta1, 1-beta2, eps, weightDecay, useWd.
// slots: 0 exp_avg, 1 exp_avg_sq.  coefs: 0 bc2, 1 c1, 2 c2.
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";
import { FIRST_MOMENT_WGSL, SECOND_MOMENT_WGSL, preparedGradWgsl } from "./wgsl_helpers.ts";

function program(args: number[]): InPlaceProgram {
  const wd = args[6] !== 0;
  const body = [
    ...preparedGradWgsl(false, wd),
    FIRST_MOMENT_WGSL,
    SECOND_MOMENT_WGSL,
    "s0[i] = m;",
    "s1[i] = v;",
    "let denom = sqrt(v / u.bc2) + u.eps;",
    "let w1 = w + (u.c1 * gi) / denom;",
    "p[i] = w1 + (u.c2 * m) / denom;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `nadam_${wd ? 1 : 0}`,
    buffers: [{ name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true }, { name: "s1", write: true }],
    uniforms: ["beta1", "beta2", "oneMinusBeta1", "oneMinusBeta2", "eps", "weightDecay", "bc2", "c1", "c2"],
    body,
  };
}

export const nadamGpu = fusedGpuUpdate("NAdam", program, (e, a) => [
  a[0], a[1], a[2], a[3], a[4], a[5], e.coefs?.[0] ?? 1, e.coefs?.[1] ?? 0, e.coefs?.[2] ?? 0,
]);
