// RAdam on the GPU: the op order of asm/optim/radam.ts (torch 1.13 _single_tensor_radam):
//   g = g + wd*p;  m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g;  bcm = m / bc1
//   rect != 0: adaptive = (1 / (sqrt(v) + eps)) * sqrt(bc2);  p = p - ((bcm*lr)*adaptive)*rect
//   else:      p = p - bcm*lr
// args (as optim_radam): lr, beta1, beta2, 1-beta1, 1-beta2, eps, weightDecay, useWd.
// slots: 0 exp_avg, 1 exp_avg_sq.  coefs: 0 bc1, 1 rect (0 = unrectified), 2 sqrt(bc2).
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";
import { FIRST_MOMENT_WGSL, SECOND_MOMENT_WGSL, preparedGradWgsl } from "./wgsl_helpers.ts";

function program(args: number[]): InPlaceProgram {
  const wd = args[7] !== 0;
  const body = [
    ...preparedGradWgsl(false, wd),
    FIRST_MOMENT_WGSL,
    SECOND_MOMENT_WGSL,
    "s0[i] = m;",
    "s1[i] = v;",
    "let bcm = m / u.bc1;",
    "var update = bcm * u.lr;",
    // rho_t > 5 is per parameter (its step), so a uniform picks the branch
    "if (u.rect != 0.0) { let adaptive = (1.0 / (sqrt(v) + u.eps)) * u.bc2Sqrt; update = (update * adaptive) * u.rect; }",
    "p[i] = w - update;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `radam_${wd ? 1 : 0}`,
    buffers: [{ name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true }, { name: "s1", write: true }],
    uniforms: ["lr", "beta1", "beta2", "oneMinusBeta1", "oneMinusBeta2", "eps", "weightDecay", "bc1", "rect", "bc2Sqrt"],
    body,
  };
}

export const radamGpu = fusedGpuUpdate("RAdam", program, (e, a) => [
  a[0], a[1], a[2], a[3], a[4], a[5], a[6], e.coefs?.[0] ?? 1, e.coefs?.[1] ?? 0, e.coefs?.[2] ?? 1,
]);
