// A one-line terminal progress bar (Lightning's TQDMProgressBar, reduced): epoch, batch n/total,
// it/s, ETA and Lightning 1.9.5's metrics — the running loss (mean of the last 20), v_num (the
// logger's version), then the progBar metrics — redrawn with "\r". Without a TTY (CI logs, pipes)
// it prints one line per epoch instead, through console.log. The loss costs no GPU sync: it is
// read with the batch's other scalars (see loops/running_loss.ts), and only while a bar shows it.
import type { Trainer } from "../trainer.ts";
import { rankZeroWarn } from "../warnings.ts";
import { Callback } from "./callback.ts";
import { pyFormatG, tqdmFormatNum } from "./tqdm_format.ts";
import { checkKnownKeys } from "../../validation/options.ts";

/** ProgressBar's options: refresh rate, where it writes, the clock. */
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

/** Lightning's progress bar: epoch, n/total, it/s, loss, v_num and the progBar metrics; one line per epoch without a TTY. */
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

  override onTrainStart(trainer: Trainer): void {
    trainer.fitLoop.runningLoss.reset();
    trainer.fitLoop.runningLoss.wanted = this.enabled;
  }

  override onTrainEnd(trainer: Trainer): void {
    trainer.fitLoop.runningLoss.wanted = false;
  }

  /**
   * Lightning's `get_metrics`: the standard metrics (`loss`, the running mean of the training loss,
   * in automatic optimization; `v_num`, the logger's version) then the progBar metrics. Override
   * to change what the bar shows.
   */
  getMetrics(trainer: Trainer): Record<string, number | string> {
    const standard: Record<string, number | string> = {};
    if (trainer.lightningModule?.automaticOptimization) {
      const mean = trainer.fitLoop.runningLoss.mean();
      standard.loss = pyFormatG(mean ?? NaN);
    }
    const version = loggersVersion(trainer);
    if (version !== null) standard.v_num = typeof version === "string" ? version.slice(-4) : version;
    const bar = trainer.progressBarMetrics;
    const duplicates = Object.keys(bar).filter((k) => k in standard);
    if (duplicates.length) {
      rankZeroWarn(
        `The progress bar already tracks a metric with the name(s) '${duplicates.join(", ")}' and` +
          ` \`self.log('${duplicates[0]}', ..., prog_bar=True)\` will overwrite this value. ` +
          " If this is undesired, change the name or override `get_metrics()` in the progress bar callback.",
      );
    }
    return { ...standard, ...bar };
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
    // tqdm's postfix: numbers through format_num (ints as they are, floats padded), strings as they are
    const metrics = Object.entries(this.getMetrics(trainer)).map(([k, v]) => `${k}=${typeof v === "number" ? tqdmFormatNum(v, Number.isInteger(v) && k === "v_num") : v}`);
    const totalText = Number.isFinite(total) ? String(total) : "?";
    return `Epoch ${trainer.currentEpoch}: ${pct} ${n}/${totalText} [${clock(elapsed)}<${clock(eta)}, ${rate.toFixed(2)}it/s${metrics.length ? ", " + metrics.join(", ") : ""}]`;
  }

  private draw(text: string): void {
    const body = text.endsWith("\n") ? text.slice(0, -1) : text;
    const pad = this.lastLength > body.length ? " ".repeat(this.lastLength - body.length) : "";
    this.write!("\r" + body + pad + (text.endsWith("\n") ? "\n" : ""));
    this.lastLength = body.length;
  }
}

/** Lightning's `_version(loggers)`: the only logger's version, or the distinct versions joined by "_"; null without a logger. */
function loggersVersion(trainer: Trainer): number | string | null {
  const loggers = trainer.loggers;
  if (loggers.length === 0) return null;
  if (loggers.length === 1) return loggers[0].version;
  return [...new Set(loggers.map((l) => String(l.version)))].join("_");
}
