// Decides whether the error our fit threw "names the same problem" as the one Lightning
// recorded. The rule (documented in README.md):
//  1. the exception type names are equal (`MisconfigurationException`, `ValueError`, ...);
//  2. every key word of the recorded message appears in ours, compared after lower-casing and
//     deleting "_" and spaces, so `gradient_clip_val` matches `gradientClipVal`;
//  3. the error came at the same point of the fit (see expectedPoint).
// Key words: the code-like tokens of the problem statement (the text before "For example"):
// `backticked` names, "quoted" and 'quoted' words, snake_case identifiers, CamelCase class
// names, and Lightning's configuration nouns from KEY_NOUNS that the message uses.
import type { Scenario } from "./scenario.ts";

const KEY_NOUNS = ["frequency", "monitor", "interval", "manual", "automatic", "clip", "accumulate"];

export function keyWords(message: string): string[] {
  const problem = message.split(/\bFor example\b/)[0];
  const words = new Set<string>();
  const add = (w: string) => { if (w.length > 1 && !/^[\d.]+$/.test(w)) words.add(w); };
  for (const m of problem.matchAll(/`([^`]+)`/g)) for (const w of m[1].match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) add(w);
  for (const m of problem.matchAll(/["']([A-Za-z_][A-Za-z0-9_]*)["']/g)) add(m[1]);
  for (const w of problem.match(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g) ?? []) add(w);
  for (const w of problem.match(/\b[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+\b/g) ?? []) add(w);
  const lower = problem.toLowerCase();
  for (const n of KEY_NOUNS) if (lower.includes(n)) add(n);
  return [...words];
}

const squash = (s: string): string => s.toLowerCase().replace(/[_\s]/g, "");

/** Where the fit stopped: how far training had got when the error was thrown. */
export interface ErrorPoint { batchesStarted: number; batchesEnded: number }

/** The point Lightning 1.9.5 raises each known problem at, or null when the runner does not know it. */
export function expectedPoint(scenario: Scenario, message: string): { describe: string; ok: (p: ErrorPoint) => boolean } | null {
  // Configuration checks run before the first batch.
  if (/frequency must be given|must include a monitor|"interval" key|not supported for manual optimization/.test(message)) {
    return { describe: "before the first batch", ok: (p) => p.batchesStarted === 0 };
  }
  // clip_gradients disagreeing with the Trainer flag: inside the first batch, from configure_gradient_clipping.
  if (/have passed `clip_gradients/.test(message)) {
    return { describe: "during the first batch", ok: (p) => p.batchesStarted === 1 && p.batchesEnded === 0 };
  }
  // A missing monitor: when the plateau scheduler is first due.
  if (/conditioned on metric .* not available/.test(message)) {
    const sched = scenario.schedulers.find((s) => s.type === "ReduceLROnPlateau");
    if (!sched) return null;
    const rows = Object.values(scenario.data.fields)[0].length;
    const perEpoch = Math.ceil(rows / scenario.data.batch_size);
    const f = sched.frequency ?? 1;
    if (sched.interval === "step") {
      return { describe: `right after batch ${f - 1} of epoch 0`, ok: (p) => p.batchesEnded === f && p.batchesStarted === f };
    }
    return { describe: `at the end of epoch ${f - 1}`, ok: (p) => p.batchesEnded === f * perEpoch && p.batchesStarted === f * perEpoch };
  }
  return null;
}

/** Null when `err` matches the recorded "<Type>: <message>", else what differs. */
export function errorMismatch(scenario: Scenario, recorded: string, err: unknown, point: ErrorPoint): string | null {
  const sep = recorded.indexOf(": ");
  const wantType = recorded.slice(0, sep), wantMsg = recorded.slice(sep + 2);
  const e = err as { name?: string; message?: string; constructor?: { name?: string } };
  const gotType = (e && (e.name && e.name !== "Error" ? e.name : e.constructor?.name)) || typeof err;
  const gotMsg = String(e?.message ?? err);
  if (gotType !== wantType) return `error type: got ${gotType} ("${gotMsg}"), want ${wantType} ("${wantMsg}")`;
  const ours = squash(gotMsg);
  const missing = keyWords(wantMsg).filter((w) => !ours.includes(squash(w)));
  if (missing.length) return `error message "${gotMsg}" does not mention ${missing.join(", ")} (want the problem of "${wantMsg}")`;
  const where = expectedPoint(scenario, wantMsg);
  if (where && !where.ok(point)) {
    return `error raised at the wrong point: after ${point.batchesStarted} batches started, ${point.batchesEnded} ended; want ${where.describe}`;
  }
  return null;
}
