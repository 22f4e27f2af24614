// Lightning 1.9.5's ModelSummary: at the start of fit, a table of the module's direct children
// (max_depth=1) — index, name, type, parameter count — then the trainable / non-trainable /
// total counts and the estimated size in MB (float32: 4 bytes per parameter), formatted as
// Lightning's _format_summary_table and get_human_readable_count print them.
import type { Module } from "../../nn/module.ts";
import type { LightningModule } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";
import { Callback } from "./callback.ts";
import { checkKnownKeys } from "../../validation/options.ts";
import { validateModelSummary } from "../../validation/callback_options.ts";

/** Lightning's get_human_readable_count: 81 → "81  ", 1234 → "1.2 K", 123456 → "123 K". */
export function humanReadableCount(n: number): string {
  const labels = [" ", "K", "M", "B", "T"];
  const digits = n > 0 ? Math.floor(Math.log10(n)) + 1 : 1;
  const groups = Math.min(Math.ceil(digits / 3), labels.length);
  const scaled = n * 10 ** (-3 * (groups - 1));
  const index = groups - 1;
  if (index < 1 || scaled >= 100) return `${Math.trunc(scaled).toLocaleString("en-US")} ${labels[index]}`;
  return `${scaled.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${labels[index]}`;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The summary table of `module`, as Lightning's ModelSummary(max_depth=1) prints it. */
export function summarizeModel(module: Module): string {
  const children = module.namedChildren();
  const count = (m: Module) => m.parameters().reduce((s, p) => s + numel(p.shape), 0);
  const cols: [string, string[]][] = [
    [" ", children.map((_, i) => String(i))],
    ["Name", children.map(([n]) => n)],
    ["Type", children.map(([, m]) => m.constructor.name)],
    ["Params", children.map(([, m]) => humanReadableCount(count(m)))],
  ];
  const params = module.parameters();
  const total = params.reduce((s, p) => s + numel(p.shape), 0);
  const trainable = params.filter((p) => p.requiresGrad).reduce((s, p) => s + numel(p.shape), 0);
  const widths = cols.map(([h, v]) => Math.max(h.length, ...v.map((x) => x.length)));
  // Lightning counts one column more than it prints (n_cols = 1 + len(cols)) in the rule width.
  const rule = "-".repeat(widths.reduce((a, b) => a + b, 0) + 3 * (cols.length + 1));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
  const lines = [row(cols.map(([h]) => h)), rule];
  for (let i = 0; i < children.length; i++) lines.push(row(cols.map(([, v]) => v[i])));
  lines.push(rule);
  const sizeMb = (total * 4) / 1e6;
  lines.push(`${humanReadableCount(trainable).padEnd(10)}Trainable params`);
  lines.push(`${humanReadableCount(total - trainable).padEnd(10)}Non-trainable params`);
  lines.push(`${humanReadableCount(total).padEnd(10)}Total params`);
  lines.push(`${sizeMb.toLocaleString("en-US", { minimumFractionDigits: 3, maximumFractionDigits: 3 }).padEnd(10)}Total estimated model params size (MB)`);
  return lines.join("\n");
}

/** ModelSummary's options: maxDepth (0 or 1) and where the table is written. */
export interface ModelSummaryOptions {
  /** Lightning's max_depth; only 1 (direct children) and 0 (off) are supported. */
  maxDepth?: 0 | 1;
  /** Where the table goes; default console.log. */
  write?: (text: string) => void;
}

/** Lightning's ModelSummary callback; the Trainer adds one unless `enableModelSummary: false`. */
export class ModelSummary extends Callback {
  readonly maxDepth: 0 | 1;
  private readonly write: (text: string) => void;

  constructor(opts: ModelSummaryOptions = {}) {
    super();
    checkKnownKeys("ModelSummary", opts, ["maxDepth", "write"]);
    validateModelSummary(opts);
    this.maxDepth = opts.maxDepth ?? 1;
    this.write = opts.write ?? ((t) => console.log(t));
  }

  override onFitStart(_trainer: Trainer, module: LightningModule): void {
    if (this.maxDepth === 0) return;
    this.write(summarizeModel(module));
  }
}
