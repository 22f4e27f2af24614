// A one-line terminal progress bar (Lightning's TQDMProgressBar, reduced): epoch, batch n/total,
// it/s, ETA and the progBar metrics, redrawn with "\r". Without a TTY (CI logs, pipes) it prints
// one line per epoch instead, through console.log.
import type { Trainer } from "../trainer.ts";
import { Callback } from "./callback.ts";
import { formatNumber } from "./format_filename.ts";
import { checkKnownKeys } from "../../validation/options.ts";

export interface ProgressBarOptions {
  /** Redraw at most every n batches (default 1). */
  refreshRate?: number;
  /** Where the redrawn bar goes (default: process.stdout.write when it is a TTY, else one console.log line per epoch). */
  write?: (text: string) => void;
  /** Milliseconds clock (default performance.now). */
  now?: () => number;
}

/** stdout's write when stdout is a terminal (Node, Deno, Bun), else null. */
export function terminalWriter(): ((text: string) => void) | null {
  const out = (globalThis as any).process?.stdout;
  if (!out?.isTTY || typeof out.write !== "function") return null;
  return (text) => void out.write(text);
}

function clock(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

export class ProgressBar extends Callback {
  private readonly refreshRate: number;
  private readonly write: ((text: string) => void) | null;
  /** Without a TTY (and no `write` given): one line per epoch. */
  private readonly epochLine: ((line: string) => void) | null;
  private readonly now: () => number;
  private epochStart = 0;
  private lastLength = 0;

  constructor(opts: ProgressBarOptions = {}) {
    super();

    checkKnownKeys("ProgressBar", opts, ["refreshRate", "write", "now"]);
    this.refreshRate = opts.refreshRate ?? 1;
    this.write = opts.write ?? terminalWriter();
    this.epochLine = this.write === null ? (line) => console.log(line) : null;
    this.now = opts.now ?? (() => performance.now());
  }

  override get stateKey(): string {
    return "ProgressBar";
  }

  get enabled(): boolean {
    return (this.write !== null || this.epochLine !== null) && this.refreshRate > 0;
  }

  override onTrainEpochStart(): void {
    this.epochStart = this.now();
  }

  override onTrainBatchEnd(trainer: Trainer, _m: unknown, _o: unknown, _b: unknown, batchIdx: number): void {
    const n = batchIdx + 1;
    if (!this.enabled || this.write === null || (n % this.refreshRate !== 0 && !trainer.isLastBatch)) return;
    this.draw(this.line(trainer, n));
  }

  override onTrainEpochEnd(trainer: Trainer): void {
    if (!this.enabled) return;
    if (this.write === null) return void this.epochLine!(this.line(trainer, trainer.fitLoop.epochLoop.batchIdx + 1));
    this.draw(this.line(trainer, trainer.fitLoop.epochLoop.batchIdx + 1) + "\n");
    this.lastLength = 0;
  }

  /** The text of the bar after `n` batches of the epoch. */
  line(trainer: Trainer, n: number): string {
    const total = trainer.numTrainingBatches;
    const elapsed = this.now() - this.epochStart;
    const rate = elapsed > 0 ? (n * 1000) / elapsed : 0;
    const eta = Number.isFinite(total) && rate > 0 ? ((total - n) / rate) * 1000 : Infinity;
    const pct = Number.isFinite(total) && total > 0 ? `${String(Math.floor((100 * n) / total)).padStart(3)}%` : "";
    const metrics = Object.entries(trainer.progressBarMetrics).map(([k, v]) => `${k}=${formatNumber(v, ".3g", false)}`);
    const totalText = Number.isFinite(total) ? String(total) : "?";
    return `Epoch ${trainer.currentEpoch}: ${pct} ${n}/${totalText} [${clock(elapsed)}<${clock(eta)}, ${formatNumber(rate, ".2f", false)}it/s${metrics.length ? ", " + metrics.join(", ") : ""}]`;
  }

  private draw(text: string): void {
    const body = text.endsWith("\n") ? text.slice(0, -1) : text;
    const pad = this.lastLength > body.length ? " ".repeat(this.lastLength - body.length) : "";
    this.write!("\r" + body + pad + (text.endsWith("\n") ? "\n" : ""));
    this.lastLength = body.length;
  }
}
