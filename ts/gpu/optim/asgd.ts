// ASGD on the GPU: the op order of asm/optim/asgd.ts (torch 1.13 _single_tensor_asgd):
//   g = maximize ? -g : g;  g = g + wd*p (the parameter before decay)
//   p = p*(1 - lambd*eta) + (-eta)*g;  mu != 1: ax = ax + (p - ax)*mu   else ax = p
// args (as optim_asgd): weightDecay, flags.  slot 0: ax.
// coefs (per parameter, float32 in torch's state): 0 1-lambd*eta, 1 -eta, 2 mu.
import { SIMPLE_FLAGS } from "../../optim/kernels.ts";
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";

function program(args: number[]): InPlaceProgram {
  const f = args[1];
  const maximize = (f & SIMPLE_FLAGS.maximize) !== 0, wd = (f & SIMPLE_FLAGS.weightDecay) !== 0;
  const body = [
    "var w = p[i];",
    "var gi = g[i];",
    maximize ? "gi = -gi;" : "",
    wd ? "gi = gi + u.weightDecay * w;" : "",
    "w = w * u.decay + u.negEta * gi;",
    "p[i] = w;",
    // averaging is per parameter (its mu), so a uniform picks the branch
    "if (u.averaging != 0.0) { let ax = s0[i]; s0[i] = ax + (w - ax) * u.mu; } else { s0[i] = w; }",
  ].filter(Boolean).join("\n  ");
  return {
    key: `asgd_${f}`,
    buffers: [{ name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true }],
    uniforms: ["weightDecay", "decay", "negEta", "mu", "averaging"],
    body,
  };
}

export const asgdGpu = fusedGpuUpdate("ASGD", program, (e, a) => {
  const [decay = 0, negEta = 0, mu = 1] = e.coefs ?? [];
  // the WASM kernel tests the float32-rounded mu against 1
  return [a[0], decay, negEta, mu, Math.fround(mu) !== 1 ? 1 : 0];
});
