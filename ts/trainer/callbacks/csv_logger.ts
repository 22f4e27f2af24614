// Lightning 1.9.5's `CSVLogger`: rows of metrics in save_dir/name/version_N/metrics.csv
// (columns = the union of keys in first-seen order, `step` included; `epoch` is added by the
// trainer) and hparams.yaml. version = the next free version_N unless given.
import { joinPath, type CheckpointIO } from "../checkpoint/checkpoint_io.ts";
import { defaultCheckpointIO } from "../checkpoint/fs_checkpoint_io.ts";
import { MisconfigurationException } from "../errors.ts";
import type { Logger } from "./logger.ts";
import { checkKnownKeys } from "../../validation/options.ts";
import { validateCsvLogger } from "../../validation/callback_options.ts";

/** CSVLogger's options: saveDir, name, version and the file access. */
export interface CSVLoggerOptions {
  saveDir: string;
  name?: string;
  version?: number | string | null;
  /** File access (default node:fs). */
  io?: CheckpointIO;
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = typeof v === "number" ? String(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Lightning's CSVLogger: metrics.csv and hparams.yaml under saveDir/name/version_N. */
export class CSVLogger implements Logger {
  readonly saveDir: string;
  readonly name: string;
  private explicitVersion: number | string | null;
  private resolvedVersion: number | string | null = null;
  private readonly io: CheckpointIO;
  readonly rows: Array<Record<string, unknown>> = [];
  hparams: Record<string, unknown> = {};

  constructor(opts: CSVLoggerOptions) {

    checkKnownKeys("CSVLogger", opts, ["saveDir", "name", "version", "io"]);
    if (opts !== null && typeof opts === "object") validateCsvLogger(opts);
    if (opts === null || typeof opts !== "object" || typeof opts.saveDir !== "string") {
      throw new MisconfigurationException("CSVLogger needs a `saveDir`, e.g. new CSVLogger({ saveDir: 'logs' }).");
    }
    this.saveDir = opts.saveDir;
    this.name = opts.name ?? "lightning_logs";
    this.explicitVersion = opts.version ?? null;
    const io = opts.io ?? defaultCheckpointIO();
    if (io === null) throw new MisconfigurationException("CSVLogger needs a file system here: pass `io` (e.g. a MemoryCheckpointIO).");
    this.io = io;
  }

  get version(): number | string {
    return this.resolvedVersion ?? this.explicitVersion ?? 0;
  }

  get logDir(): string {
    const v = this.version;
    return joinPath(this.saveDir, this.name, typeof v === "string" ? v : `version_${v}`);
  }

  /** Picks the next free version_N (Lightning's `_get_next_version`). */
  async setup(): Promise<void> {
    if (this.resolvedVersion !== null) return;
    if (this.explicitVersion !== null) {
      this.resolvedVersion = this.explicitVersion;
      return;
    }
    const existing = (await this.io.list(joinPath(this.saveDir, this.name)))
      .map((n) => /^version_(\d+)$/.exec(n))
      .filter((m) => m !== null)
      .map((m) => Number(m![1]));
    this.resolvedVersion = existing.length ? Math.max(...existing) + 1 : 0;
  }

  logMetrics(metrics: Record<string, number>, step: number): void {
    this.rows.push({ ...metrics, step });
  }

  logHyperparams(params: Record<string, unknown>): void {
    this.hparams = { ...this.hparams, ...params };
  }

  /** metrics.csv as Lightning's ExperimentWriter writes it. */
  toCSV(): string {
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const r of this.rows) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); keys.push(k); }
    const lines = [keys.join(",")];
    for (const r of this.rows) lines.push(keys.map((k) => csvCell(r[k])).join(","));
    return lines.join("\n") + "\n";
  }

  async save(): Promise<void> {
    await this.setup();
    await this.io.write(joinPath(this.logDir, "metrics.csv"), this.toCSV());
    const yaml = Object.entries(this.hparams).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n");
    await this.io.write(joinPath(this.logDir, "hparams.yaml"), yaml ? yaml + "\n" : "{}\n");
  }

  async finalize(_status: string): Promise<void> {
    await this.save();
  }
}
