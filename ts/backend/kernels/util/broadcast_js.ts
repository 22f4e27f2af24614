// Integer/bool elementwise fallback: exact in JavaScript, so no WASM needed.
import type { BroadcastPlan } from "./broadcast.ts";

type Arr = Float32Array | Int32Array | Uint8Array;

export function broadcastJs(a: Arr, b: Arr, plan: BroadcastPlan, out: Arr, fn: (x: number, y: number) => number): void {
  const { shape, aStrides, bStrides } = plan;
  const nd = shape.length, last = nd - 1;
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= shape[d];
  const n = shape[last], sa = aStrides[last], sb = bStrides[last];
  let o = 0;
  for (let r = 0; r < rows; r++) {
    let rem = r, ia = 0, ib = 0;
    for (let d = last - 1; d >= 0; d--) {
      const c = rem % shape[d];
      rem = (rem - c) / shape[d];
      ia += c * aStrides[d];
      ib += c * bStrides[d];
    }
    for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o++] = fn(a[ia], b[ib]);
  }
}
