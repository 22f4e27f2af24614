// Adam / AdamW on the GPU: the op order of asm/optim/adam.ts (torch 1.13 single-tensor):
//   AdamW: p = p * (1 - lr*wd)          Adam (L2): g = g + wd*p
//   m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g;  amsgrad: vmax = max(vmax, v), used instead of v
//   denom = sqrt(v) / sqrt(bc2) + eps;  p = p + ((-step_size)*m) / denom
// args (as optim_adam): beta1, beta2, 1-beta1, 1-beta2, eps, weightDecay, 1-lr*wd, flags.
// slots: 0 exp_avg, 1 exp_avg_sq, 2 max_exp_avg_sq; coefs: 0 -step_size, 1 sqrt(bc2).
import { ADAM_FLAGS } from "../../optim/kernels.ts";
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";
import { FIRST_MOMENT_WGSL } from "./wgsl_helpers.ts";

function program(args: number[]): InPlaceProgram {
  const f = args[7];
  const maximize = (f & ADAM_FLAGS.maximize) !== 0, amsgrad = (f & ADAM_FLAGS.amsgrad) !== 0;
  const l2 = (f & ADAM_FLAGS.l2) !== 0, decoupled = (f & ADAM_FLAGS.decoupled) !== 0;
  const body = [
    "var w = p[i];",
    "var gi = g[i];",
    maximize ? "gi = -gi;" : "",
    decoupled ? "w = w * u.decoupledDecay;" : "",
    l2 ? "gi = gi + u.weightDecay * w;" : "",
    FIRST_MOMENT_WGSL,
    "var v = s1[i] * u.beta2 + (u.oneMinusBeta2 * gi) * gi;",
    "s0[i] = m;",
    "s1[i] = v;",
    amsgrad ? "v = max(s2[i], v); s2[i] = v;" : "",
    "let denom = sqrt(v) / u.bc2Sqrt + u.eps;",
    "p[i] = w + (u.negStepSize * m) / denom;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `adam_${f}`,
    buffers: [
      { name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true }, { name: "s1", write: true },
      ...(amsgrad ? [{ name: "s2", write: true }] : []),
    ],
    uniforms: ["beta1", "beta2", "oneMinusBeta1", "oneMinusBeta2", "eps", "weightDecay", "decoupledDecay", "negStepSize", "bc2Sqrt"],
    body,
  };
}

export const adamGpu = fusedGpuUpdate("Adam", program, (e, a) => [
  a[0], a[1], a[2], a[3], a[4], a[5], a[6], e.coefs?.[0] ?? 0, e.coefs?.[1] ?? 1,
]);
