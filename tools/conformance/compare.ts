// Compares what a run recorded with a scenario's `expect` and describes the first mismatch
// (field, epoch/batch, index, got, want). Numbers: |a - b| <= atol + rtol * |b|; events and
// integers exactly.
import type { BatchRecord, EventRecord, Expect, FinalRecord, ValRecord } from "./scenario.ts";

export interface Recording {
  batches: BatchRecord[];
  events: EventRecord[];
  final: FinalRecord;
  vals?: ValRecord[];
  /** `/3`: the parameters right after construction (init {torch_seed}). */
  initParams?: Record<string, number[]>;
}

interface Tol { rtol: number; atol: number }

const close = (got: number, want: number, t: Tol): boolean =>
  Number.isFinite(got) && Math.abs(got - want) <= t.atol + t.rtol * Math.abs(want);

const fmt = (v: unknown): string => (typeof v === "number" ? String(v) : JSON.stringify(v));

/** First index where two number lists differ beyond tolerance, as a message, or null. */
function compareNumbers(field: string, got: number[] | undefined, want: number[], t: Tol): string | null {
  if (!got) return `${field}: missing, want ${want.length} numbers`;
  if (got.length !== want.length) return `${field}: length ${got.length}, want ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    if (!close(got[i], want[i], t)) return `${field}[${i}]: got ${fmt(got[i])}, want ${fmt(want[i])}`;
  }
  return null;
}

function compareLrs(field: string, got: number[][], want: number[][], t: Tol): string | null {
  if (got.length !== want.length) return `${field}: ${got.length} optimizers, want ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const m = compareNumbers(`${field}[${i}]`, got[i], want[i], t);
    if (m) return m;
  }
  return null;
}

function compareParams(field: string, got: Record<string, number[]>, want: Record<string, number[]>, t: Tol): string | null {
  for (const name of Object.keys(want)) {
    const m = compareNumbers(`${field}["${name}"]`, got[name], want[name], t);
    if (m) return m;
  }
  const extra = Object.keys(got).filter((k) => !(k in want));
  return extra.length ? `${field}: unexpected parameters ${extra.join(", ")}` : null;
}

function compareBatch(k: number, got: BatchRecord, want: BatchRecord, t: Tol): string | null {
  const at = `batches[${k}] (epoch ${want.epoch}, batch ${want.batch})`;
  if (got.epoch !== want.epoch || got.batch !== want.batch) return `${at}: recorded at epoch ${got.epoch}, batch ${got.batch}`;
  return (
    compareNumbers(`${at}.losses`, got.losses, want.losses, t) ??
    compareLrs(`${at}.lrs`, got.lrs, want.lrs, t) ??
    (got.global_step !== want.global_step ? `${at}.global_step: got ${got.global_step}, want ${want.global_step}` : null) ??
    compareParams(`${at}.params`, got.params, want.params, t)
  );
}

const eventText = (e: EventRecord | undefined): string => (e ? JSON.stringify(e) : "nothing");

function compareEvents(got: EventRecord[], want: EventRecord[], upTo = Infinity): string | null {
  const n = Math.min(upTo, Math.max(got.length, want.length));
  for (let i = 0; i < n; i++) {
    const g = got[i], w = want[i];
    if (!g || !w || g.some((v, j) => v !== w[j])) {
      return `events[${i}]: got ${eventText(g)}, want ${eventText(w)} (${got.length} events recorded, ${want.length} expected)`;
    }
  }
  return null;
}

function compareFinal(got: FinalRecord, want: FinalRecord, t: Tol): string | null {
  if (got.global_step !== want.global_step) return `final.global_step: got ${got.global_step}, want ${want.global_step}`;
  const m = compareLrs("final.lrs", got.lrs, want.lrs, t) ?? compareParams("final.params", got.params, want.params, t) ??
    (want.buffers ? compareParams("final.buffers", got.buffers ?? {}, want.buffers, t) : null);
  if (m) return m;
  for (const [k, w] of Object.entries(want.callback_metrics)) {
    const g = got.callback_metrics[k];
    if (g === undefined) return `final.callback_metrics["${k}"]: missing, want ${w}`;
    if (!close(g, w, t)) return `final.callback_metrics["${k}"]: got ${g}, want ${w}`;
  }
  const extra = Object.keys(got.callback_metrics).filter((k) => !(k in want.callback_metrics));
  return extra.length ? `final.callback_metrics: unexpected ${extra.join(", ")}` : null;
}

/** Validation runs: where they ran exactly, val_loss within tolerance. */
function compareVals(got: ValRecord[], want: ValRecord[], t: Tol): string | null {
  for (let k = 0; k < Math.min(got.length, want.length); k++) {
    const g = got[k], w = want[k];
    const at = `vals[${k}] (epoch ${w.epoch}, batch ${w.batch}${w.sanity ? ", sanity" : ""})`;
    if (g.epoch !== w.epoch || g.batch !== w.batch || g.sanity !== w.sanity) {
      return `${at}: ran at epoch ${g.epoch}, batch ${g.batch}${g.sanity ? " (sanity)" : ""}`;
    }
    if (g.global_step !== w.global_step) return `${at}.global_step: got ${g.global_step}, want ${w.global_step}`;
    if (!close(g.val_loss, w.val_loss, t)) return `${at}.val_loss: got ${g.val_loss}, want ${w.val_loss}`;
  }
  return got.length !== want.length ? `vals: ${got.length} validation runs, want ${want.length}` : null;
}

/** The first difference between a recording and `expect` (batches in order, then events, then final), or null. */
export function firstMismatch(got: Recording, expect: Expect): string | null {
  const t = expect.tolerance ?? { rtol: 1e-4, atol: 1e-6 };
  const want = expect.batches ?? [];
  const events = expect.events ?? [];
  // `/3`: torch's default init after the seed, before anything trained
  const init = expect.init_params ? compareParams("init_params", got.initParams ?? {}, expect.init_params, t) : null;
  if (init) return init;
  for (let k = 0; k < Math.min(got.batches.length, want.length); k++) {
    // The events up to this batch first: a missing or extra hook call explains the numbers.
    const upTo = events.filter((e) => e[1] < want[k].epoch || (e[1] === want[k].epoch && e[2] <= want[k].batch)).length;
    const m = compareEvents(got.events, events, upTo) ?? compareBatch(k, got.batches[k], want[k], t);
    if (m) return m;
  }
  if (got.batches.length !== want.length) {
    return `batches: ${got.batches.length} recorded, want ${want.length}`;
  }
  return compareEvents(got.events, events) ?? compareVals(got.vals ?? [], expect.vals ?? [], t) ??
    (expect.final ? compareFinal(got.final, expect.final, t) : null);
}
