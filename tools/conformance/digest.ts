// A digest of everything a run recorded (per-batch losses, lrs, params, global steps,
// events, final state): equal digests on two runtimes mean bit-identical runs.
import type { Recorder } from "./record.ts";

const f64 = new Float64Array(1);
const bytes = new Uint8Array(f64.buffer);

/** FNV-1a (32-bit) over the float64 bits of every number and the UTF-16 units of every string, in order. */
export function digestRecording(r: Recorder): string {
  let h = 0x811c9dc5;
  const byte = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const visit = (v: unknown): void => {
    if (typeof v === "number") {
      f64[0] = v;
      for (const b of bytes) byte(b);
    } else if (typeof v === "string") {
      for (let i = 0; i < v.length; i++) byte(v.charCodeAt(i) & 0xff), byte(v.charCodeAt(i) >>> 8);
    } else if (v === null || v === undefined) {
      byte(0xfe);
    } else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      byte(0x5b);
      const items = v as ArrayLike<unknown>;
      for (let i = 0; i < items.length; i++) visit(items[i]);
      byte(0x5d);
    } else if (typeof v === "object") {
      // Keys sorted: the digest must not depend on insertion order.
      for (const k of Object.keys(v as object).sort()) {
        visit(k);
        visit((v as Record<string, unknown>)[k]);
      }
    } else {
      visit(String(v));
    }
  };
  visit(r.batches);
  visit(r.events);
  visit(r.final);
  if (r.vals.length) visit(r.vals);
  return h.toString(16).padStart(8, "0");
}
