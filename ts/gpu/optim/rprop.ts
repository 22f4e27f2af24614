// Rprop on the GPU: the op order of asm/optim/rprop.ts (torch 1.13 _single_tensor_rprop):
//   g = maximize ? -g : g;  s = sign(g*prev) mapped >0 → etaplus, <0 → etaminus, ±0 → 1 (NaN stays)
//   step = clamp(step*s, min, max) (NaN propagates);  s == etaminus: g = 0
//   p = p + (-sign(g))*step (sign keeps ±0 and NaN);  prev = g
// args (as optim_rprop): etaminus, etaplus, stepMin, stepMax, maximize.  slots: 0 prev, 1 step_size.
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";
import { IS_NAN, MAX_NAN, MIN_NAN } from "./wgsl_helpers.ts";

function program(args: number[]): InPlaceProgram {
  const maximize = args[4] !== 0;
  const body = [
    "var gi = g[i];",
    maximize ? "gi = -gi;" : "",
    "let prod = gi * s0[i];",
    "var s = select(prod, u.etaplus, prod > 0.0);",
    "s = select(s, u.etaminus, prod < 0.0);",
    "s = select(s, 1.0, prod == 0.0);",
    "let stepv = minNan(maxNan(s1[i] * s, u.stepMin), u.stepMax);",
    "s1[i] = stepv;",
    "gi = select(gi, 0.0, s == u.etaminus);",
    "let sg = select(select(gi, -1.0, gi < 0.0), 1.0, gi > 0.0);",
    "p[i] = p[i] + (-sg) * stepv;",
    "s0[i] = gi;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `rprop_${maximize ? 1 : 0}`,
    buffers: [{ name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true }, { name: "s1", write: true }],
    uniforms: ["etaminus", "etaplus", "stepMin", "stepMax"],
    body,
    functions: [IS_NAN, MAX_NAN, MIN_NAN],
  };
}

export const rpropGpu = fusedGpuUpdate("Rprop", program, (_e, a) => [a[0], a[1], a[2], a[3]]);
