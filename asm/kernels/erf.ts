// erf for float32 outputs, evaluated in float64 so the rounded result is (nearly always)
// correctly rounded: a Maclaurin series near 0, the erfc continued fraction further out.

const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126;
const INV_SQRT_PI: f64 = 0.5641895835477563;

function erfSeries(x: f64): f64 {
  // erf(x) = 2/√π · Σ (-1)^n x^(2n+1) / (n! (2n+1))
  const x2 = x * x;
  let term = x;      // x·(-x²)^n / n!
  let sum = x;
  for (let n = 1; n < 120; n++) {
    term *= -x2 / <f64>n;
    const add = term / <f64>(2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

function erfcContinuedFraction(x: f64): f64 {
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), x > 0
  let k = x;
  for (let n = 80; n >= 1; n--) k = x + (<f64>n * 0.5) / k;
  return Math.exp(-x * x) * INV_SQRT_PI / k;
}

export function erf64(x: f64): f64 {
  const ax = Math.abs(x);
  if (ax != ax) return x;          // NaN
  if (ax >= 4.0) return x > 0 ? 1.0 : -1.0; // erfc(4) < half an f32 ulp of 1
  const r = ax < 2.5 ? erfSeries(ax) : 1.0 - erfcContinuedFraction(ax);
  return x < 0 ? -r : r;
}
