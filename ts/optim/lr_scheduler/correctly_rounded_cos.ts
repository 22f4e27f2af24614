// cos(x) rounded to the nearest double, from IEEE +, -, *, / only (so every JS engine
// gives the same bits) in double-double arithmetic (~100 bits).
//
// Why here: torch computes CosineAnnealingLR/OneCycleLR/SGDR cosines with Python's
// math.cos (glibc, ~0.5 ulp), while fulgur.wasm's f64_cos (musl-style kernel) is off by
// one ulp on some arguments the schedulers hit (e.g. cos(pi*7/20)), which breaks bit
// parity with torch. Candidate to move into ts/backend/scalar_math.ts.

type DD = [number, number]; // hi + lo, |lo| <= ulp(hi)/2

const SPLITTER = 134217729; // 2^27 + 1: Dekker's split for exact products without FMA

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddAdd(a: DD, b: DD): DD {
  let [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  e += t;
  [s, e] = quickTwoSum(s, e);
  e += f;
  return quickTwoSum(s, e);
}

const ddNeg = (a: DD): DD => [-a[0], -a[1]];

function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function ddDivNumber(a: DD, d: number): DD {
  const q1 = a[0] / d;
  const [p, e] = twoProd(q1, d);
  const q2 = (a[0] - p - e + a[1]) / d;
  return quickTwoSum(q1, q2);
}

// pi/2 as three doubles (c1 + c2 + c3 to ~160 bits), for the argument reduction.
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;
const INV_PIO2 = 0.6366197723675814; // only picks the quadrant; its rounding does not matter

const TINY = 1e-40;

/** Taylor series of cos (odd = false) or sin (odd = true) for |r| <= ~pi/4, in double-double. */
function series(r: DD, odd: boolean): DD {
  const r2 = ddMul(r, r);
  let term: DD = odd ? r : [1, 0];
  let sum: DD = term;
  for (let n = 1; n < 40; n++) {
    const k = odd ? 2 * n * (2 * n + 1) : (2 * n - 1) * (2 * n);
    term = ddDivNumber(ddMul(term, r2), k);
    sum = ddAdd(sum, n % 2 === 1 ? ddNeg(term) : term);
    if (Math.abs(term[0]) <= TINY * Math.abs(sum[0]) || term[0] === 0) break;
  }
  return sum;
}

/** cos(x), correctly rounded except within ~2^-100 of a rounding midpoint (never seen). */
export function correctlyRoundedCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) > 1e9) throw new RangeError(`correctlyRoundedCos: |x| = ${Math.abs(x)} is beyond the reduction's range`);
  const k = Math.round(x * INV_PIO2);
  // r = x - k*pi/2 in double-double; k*c1 and k*c2 are exact products
  let r: DD = ddAdd([x, 0], ddNeg(twoProd(k, PIO2_1)));
  r = ddAdd(r, ddNeg(twoProd(k, PIO2_2)));
  r = ddAdd(r, [-k * PIO2_3, 0]);
  const q = ((k % 4) + 4) % 4;
  const v = q === 0 ? series(r, false) : q === 1 ? ddNeg(series(r, true)) : q === 2 ? ddNeg(series(r, false)) : series(r, true);
  return v[0] + v[1];
}
