// ModelCheckpoint's filename template, as Lightning 1.9.5's `_format_checkpoint_name`:
// "{epoch}-{val_loss:.2f}" → "epoch=3-val_loss=0.12" (metric names inserted unless
// autoInsertMetricName is false); a metric that is missing formats as 0.
import { pyRepr } from "../py_format.ts";

/** Python's format() of a number for the specs a filename uses: "", ".Nf", ".Ne", "d", "0Nd". */
export function formatNumber(v: number, spec: string, isInt: boolean): string {
  if (spec === "") return isInt && Number.isInteger(v) ? String(v) : pyRepr(v);
  const m = /^(0?)(\d*)(?:\.(\d+))?([fedg%]?)$/.exec(spec);
  if (!m) return String(v);
  const [, zero, widthText, precText, type] = m;
  const prec = precText === undefined ? 6 : Number(precText);
  let out: string;
  if (!Number.isFinite(v)) out = Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  else if (type === "f" || (type === "" && precText !== undefined)) out = v.toFixed(prec);
  else if (type === "e") out = v.toExponential(prec).replace(/e([+-])(\d)$/, "e$10$2");
  else if (type === "d") out = String(Math.trunc(v));
  else if (type === "%") out = (v * 100).toFixed(prec) + "%";
  else out = String(Number(v.toPrecision(Math.max(prec, 1))));
  const width = widthText === "" ? 0 : Number(widthText);
  if (out.length < width) out = zero ? (out.startsWith("-") ? "-" + out.slice(1).padStart(width - 1, "0") : out.padStart(width, "0")) : out.padStart(width, " ");
  return out;
}

const INT_KEYS = new Set(["epoch", "step"]);

export function formatCheckpointName(template: string, metrics: Record<string, number>, autoInsertMetricName = true): string {
  const filename = template || "{epoch}-{step}";
  return filename.replace(/\{([^{}:]+)(?::([^{}]*))?\}/g, (_all, name: string, spec: string | undefined) => {
    const value = metrics[name] ?? 0;
    const text = formatNumber(value, spec ?? "", INT_KEYS.has(name) || !(name in metrics));
    return autoInsertMetricName ? `${name}=${text}` : text;
  });
}
