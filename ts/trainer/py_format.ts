// Formats values the way Lightning's f-strings print them (Python repr), so error and
// warning texts read like Lightning's.
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return Number.isInteger(v) ? v.toFixed(1) : String(v);
  if (typeof v === "string") return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return String(v);
}

/** A Python set literal of strings: `{'a', 'b'}`. */
export function pySet(items: Iterable<string>): string {
  return `{${[...items].map((s) => `'${s}'`).join(", ")}}`;
}
