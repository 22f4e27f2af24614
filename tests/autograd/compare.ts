// Tolerant float comparison for results recorded from torch (float32 kernels differ by a few ulps).
import assert from "node:assert/strict";

export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  { rtol = 2e-5, atol = 2e-6 }: { rtol?: number; atol?: number } = {},
): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
    assert.ok(ok, `${what}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)})`);
  }
}
