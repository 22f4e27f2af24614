// tests/autograd/compare.ts's assertClose for the Chromium harness bundle: the same tolerance rule,
// but a failure names the largest error over the whole array too (the page reports it to Node).
import assert from "./assert_shim.ts";

export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  { rtol = 2e-5, atol = 2e-6 }: { rtol?: number; atol?: number } = {},
): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} != ${expected.length}`);
  let first = -1, bad = 0, worst = -1, maxErr = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const err = Math.abs(a - e);
    if (err <= atol + rtol * Math.abs(e)) continue;
    bad++;
    if (first < 0) first = i;
    // NaN against a number counts as the worst error
    if (worst < 0 || !(err <= maxErr)) { worst = i; maxErr = err; }
  }
  if (first >= 0) {
    assert.fail(
      `${what}[${first}]: got ${actual[first]}, expected ${expected[first]} (|diff| ${Math.abs(actual[first] - expected[first])}); ` +
      `${bad} of ${expected.length} out of tolerance, max error ${maxErr} at [${worst}] (got ${actual[worst]}, expected ${expected[worst]})`,
    );
  }
}
