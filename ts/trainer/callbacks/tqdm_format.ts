// How Lightning 1.9.5's TQDMProgressBar prints its postfix values: tqdm's format_num (the
// shorter of '{:.3g}' and Python's str) with Lightning's padding of floats to 5 characters, so
// `acc=0.9` reads `acc=0.900` and `loss` (already a '{:.3g}' string) prints as it is.

/** Python's `str(float)`: the shortest round-trip digits, exponent below 1e-4 and from 1e16. */
export function pyFloatStr(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const [mant, e] = v.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  const s = String(v);
  return s.includes(".") ? s : `${s}.0`;
}

/** Python's `'{:.{p}g}'.format(v)`. */
export function pyFormatG(v: number, p = 3): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const [mant, e] = v.toExponential(p - 1).split("e");
  const exp = Number(e);
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp < -4 || exp >= p) return `${strip(mant)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return strip(v.toFixed(Math.max(0, p - 1 - exp)));
}

const PAD_SIZE = 5;

/** tqdm's `format_num` as Lightning's Tqdm overrides it (floats padded with zeros to 5 characters). */
export function tqdmFormatNum(n: number, isInt: boolean): string {
  const g = pyFormatG(n).replaceAll("+0", "+").replaceAll("-0", "-");
  const str = isInt ? String(n) : pyFloatStr(n);
  let out = g.length < str.length ? g : str;
  if (isInt || out.includes("e")) return out;
  if (!out.includes(".") && out.length < PAD_SIZE) out += ".";
  return out + "0".repeat(Math.max(0, PAD_SIZE - out.length));
}
