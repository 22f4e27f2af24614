// The second half of every Hessian-vector-product test: g = ∂f/∂leaves with createGraph,
// compared with torch's g, then ∂(Σ g·v)/∂leaves compared with torch's Hv.
import assert from "node:assert/strict";
import { assertClose } from "./compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

interface Dense { data: number[]; shape: number[] }
export interface HvpExpected { grad: Dense[]; v: Dense[]; hvp: (Dense | null)[] }
type Tol = { rtol: number; atol: number };

export function checkGradAndHvp(name: string, f: Tensor, leaves: Tensor[], want: HvpExpected, tol: Tol): void {
  const gs = ag.grad(f, leaves, { createGraph: true, allowUnused: true });
  let s: Tensor | null = null;
  gs.forEach((g, i) => {
    assert.ok(g !== null, `${name} gradient ${i} missing`);
    assertClose(g!.dataSync(), want.grad[i].data, `${name} grad ${i}`, tol);
    const term = g!.mul(ag.tensor(want.v[i].data, want.v[i].shape)).sum();
    s = s === null ? term : s.add(term);
  });
  const hv = ag.grad(s!, leaves, { allowUnused: true });
  hv.forEach((h, i) => {
    const expected = want.hvp[i];
    if (expected === null) {
      // torch: no path; fulgur may return null or an exact zero gradient
      if (h !== null) assert.ok(Array.from(h.dataSync()).every((x) => x === 0), `${name} hvp ${i} should be zero`);
      return;
    }
    assert.ok(h !== null, `${name} hvp ${i} missing`);
    assertClose(h!.dataSync(), expected.data, `${name} hvp ${i}`, tol);
  });
}
