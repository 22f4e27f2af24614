// Python number semantics that torch's scheduler formulas rely on, reproduced exactly.

/** Python's `a % b`: the result takes the sign of the divisor (JS `%` keeps the dividend's). */
export function pyMod(a: number, b: number): number {
  const r = a % b; // exact (IEEE fmod)
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** Python's `a // b` on integers. */
export function pyFloorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** bisect.bisect_right on a sorted list: the index after the last element <= x. */
export function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Python `int ** int` for non-negative exponents: exact integer product (no float pow). */
export function intPow(base: number, exponent: number): number {
  let r = 1;
  for (let i = 0; i < exponent; i++) r *= base;
  return r;
}

/** Python's `max(a, b)`: returns `a` unless `b` is strictly greater. */
export function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

/** Python's `"{:.4e}".format(x)`: at least two exponent digits. */
export function formatExp4(x: number): string {
  return x.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
}

/** torch's verbose epoch formatting: `"%.2f"` for floats, `"%.5d"` for ints. */
export function formatEpoch(epoch: number): string {
  if (!Number.isInteger(epoch)) return epoch.toFixed(2);
  const s = String(Math.abs(epoch)).padStart(5, "0");
  return epoch < 0 ? "-" + s : s;
}
