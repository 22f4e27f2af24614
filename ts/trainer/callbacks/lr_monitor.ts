// Lightning 1.9.5's `LearningRateMonitor`: logs each scheduler's (and scheduler-less
// optimizer's) learning rate as "lr-<OptimizerClass>" (a config `name` wins; "-1", "-2"... when
// one optimizer class appears several times; "/pg<i>" per param group when there are several).
import { MisconfigurationException } from "../errors.ts";
import type { Trainer } from "../trainer.ts";
import { Callback } from "./callback.ts";
import { checkKnownKeys } from "../../validation/options.ts";
import { validateLearningRateMonitor } from "../../validation/callback_options.ts";

/** LearningRateMonitor's options: the logging interval and whether momentum is logged. */
export interface LearningRateMonitorOptions {
  loggingInterval?: "step" | "epoch" | null;
  logMomentum?: boolean;
}

/** Lightning's LearningRateMonitor: logs each scheduler's learning rate (and momentum) as it steps. */
export class LearningRateMonitor extends Callback {
  readonly loggingInterval: "step" | "epoch" | null;
  readonly logMomentum: boolean;
  /** Every logged value by name (Lightning's `lrs`). */
  lrs: Record<string, number[]> = {};

  constructor(opts: LearningRateMonitorOptions = {}) {
    super();

    checkKnownKeys("LearningRateMonitor", opts, ["loggingInterval", "logMomentum"]);
    if (opts !== null && typeof opts === "object") validateLearningRateMonitor(opts);
    const interval = opts.loggingInterval ?? null;
    if (interval !== null && interval !== "step" && interval !== "epoch") {
      throw new MisconfigurationException("logging_interval should be `step` or `epoch` or `None`.");
    }
    this.loggingInterval = interval;
    this.logMomentum = opts.logMomentum ?? false;
  }

  override get stateKey(): string {
    return "LearningRateMonitor";
  }

  override onTrainStart(trainer: Trainer): void {
    if (trainer.loggers.length === 0) {
      throw new MisconfigurationException("Cannot use `LearningRateMonitor` callback with `Trainer` that has no logger.");
    }
    this.lrs = Object.fromEntries(this.names(trainer).flatMap((n) => n.groups).map((g) => [g, []]));
  }

  override onTrainBatchStart(trainer: Trainer): void {
    if (!trainer.shouldUpdateLogs || this.loggingInterval === "epoch") return;
    this.logStats(trainer, this.loggingInterval === null ? "step" : "any");
  }

  override onTrainEpochStart(trainer: Trainer): void {
    if (this.loggingInterval === "step") return;
    this.logStats(trainer, this.loggingInterval === null ? "epoch" : "any");
  }

  private logStats(trainer: Trainer, interval: "step" | "epoch" | "any"): void {
    const stats: Record<string, number> = {};
    for (const entry of this.names(trainer)) {
      // optimizers without a scheduler are logged at every logging point, as in Lightning
      if (interval !== "any" && entry.interval !== "any" && entry.interval !== interval) continue;
      entry.optimizer.paramGroups.forEach((g: any, i: number) => {
        const name = entry.groups[i];
        stats[name] = g.lr;
        (this.lrs[name] ??= []).push(g.lr);
        if (this.logMomentum) {
          const m = Array.isArray(g.betas) ? g.betas[0] : typeof g.momentum === "number" ? g.momentum : 0;
          stats[`${name}-momentum`] = m;
        }
      });
    }
    if (Object.keys(stats).length === 0) return;
    const step = trainer.fitLoop.epochLoop.batchesThatStepped;
    for (const l of trainer.loggers) l.logMetrics(stats, step);
  }

  /** One entry per scheduler, then per optimizer without a scheduler, with its per-group names. */
  private names(trainer: Trainer): Array<{ optimizer: any; interval: string; groups: string[] }> {
    const seen: Record<string, number> = {};
    const withScheduler = new Set<any>();
    const items: Array<{ optimizer: any; interval: string; explicit: string | null }> = [];
    for (const c of trainer.lrSchedulerConfigs) {
      const opt = c.scheduler.optimizer;
      withScheduler.add(opt);
      items.push({ optimizer: opt, interval: c.interval, explicit: c.name });
    }
    for (const opt of trainer.optimizers) if (!withScheduler.has(opt)) items.push({ optimizer: opt, interval: "any", explicit: null });
    return items.map((it) => {
      let name = it.explicit;
      if (name === null) {
        const cls = it.optimizer.constructor.name;
        seen[cls] = (seen[cls] ?? 0) + 1;
        name = `lr-${cls}` + (seen[cls] > 1 ? `-${seen[cls] - 1}` : "");
      }
      const groups = it.optimizer.paramGroups as any[];
      const groupNames = groups.length > 1
        ? groups.map((g, i) => `${name}/${typeof g.name === "string" ? g.name : `pg${i + 1}`}`)
        : [name];
      return { optimizer: it.optimizer, interval: it.interval, groups: groupNames };
    });
  }
}
