// SGD on the GPU: the op order of asm/optim/sgd.ts (torch 1.13 _single_tensor_sgd):
//   d = maximize ? -g : g;  d = d + wd*p
//   buf = first ? d : buf*momentum + (1-dampening)*d;  d = nesterov ? d + momentum*buf : buf
//   p = p + (-lr)*d
// args (as optim_sgd): negLr, momentum, oneMinusDampening, weightDecay, flags.
// slot 0: momentum buffer; coef 0: 1 when the buffer is created this step.
import { SGD_FLAGS } from "../../optim/kernels.ts";
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";

function program(args: number[]): InPlaceProgram {
  const f = args[4];
  const maximize = (f & SGD_FLAGS.maximize) !== 0, nesterov = (f & SGD_FLAGS.nesterov) !== 0;
  const momentum = (f & SGD_FLAGS.momentum) !== 0, wd = (f & SGD_FLAGS.weightDecay) !== 0;
  const body = [
    "let w = p[i];",
    "var d = g[i];",
    maximize ? "d = -d;" : "",
    wd ? "d = d + u.weightDecay * w;" : "",
    momentum ? "var b = d; if (u.first == 0.0) { b = s0[i] * u.momentum + u.oneMinusDampening * d; } s0[i] = b;" : "",
    momentum ? (nesterov ? "d = d + u.momentum * b;" : "d = b;") : "",
    "p[i] = w + u.negLr * d;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `sgd_${f}`,
    buffers: [{ name: "p", write: true }, { name: "g", write: false }, ...(momentum ? [{ name: "s0", write: true }] : [])],
    uniforms: ["negLr", "momentum", "oneMinusDampening", "weightDecay", "first"],
    body,
  };
}

export const sgdGpu = fusedGpuUpdate("SGD", program, (e, a) => [a[0], a[1], a[2], a[3], e.coefs?.[0] ?? 0]);
