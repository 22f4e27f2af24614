// The "plain per-tensor TypeScript loop" reference for case 3: torch's Adam / SGD-momentum
// update written as one JS loop per tensor over Float32Arrays (what a port without fused
// WASM kernels would do). Bias-correction powers come from fulgur's WASM scalar math.
import { pow } from "../../ts/backend/scalar_math.ts";

export interface PlainTensor { p: Float32Array; g: Float32Array; m: Float32Array; v: Float32Array }

export function plainAdamStep(ts: PlainTensor[], step: number, lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8): void {
  const bc1 = 1 - pow(b1, step);
  const bc2Sqrt = Math.sqrt(1 - pow(b2, step));
  const stepSize = lr / bc1;
  for (const { p, g, m, v } of ts) {
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
      const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
      p[i] -= (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
    }
  }
}

/** SGD with momentum (dampening 0, no Nesterov, no weight decay), buffer in `m`. */
export function plainSgdMomentumStep(ts: PlainTensor[], lr = 1e-3, momentum = 0.9): void {
  for (const { p, g, m } of ts) {
    for (let i = 0; i < p.length; i++) {
      const b = (m[i] = momentum * m[i] + g[i]);
      p[i] -= lr * b;
    }
  }
}
