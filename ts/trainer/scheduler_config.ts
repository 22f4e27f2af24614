// Lightning's `LRSchedulerConfig` in camelCase: one scheduler plus the keys that say when
// the trainer steps it.
export type Interval = "step" | "epoch";

/** Lightning's LRSchedulerConfig: a scheduler with when the Trainer steps it (as the Trainer keeps it, trainer.lrSchedulerConfigs). */
export interface LRSchedulerConfig {
  scheduler: any;
  name: string | null;
  interval: Interval;
  frequency: number;
  reduceOnPlateau: boolean;
  monitor: string | null;
  strict: boolean;
  optIdx: number | null;
}

/** The config keys in Lightning's spelling → ours. Both spellings are accepted on input. */
export const SCHEDULER_KEY_ALIASES: Record<string, keyof LRSchedulerConfig> = {
  scheduler: "scheduler",
  name: "name",
  interval: "interval",
  frequency: "frequency",
  reduceOnPlateau: "reduceOnPlateau",
  reduce_on_plateau: "reduceOnPlateau",
  monitor: "monitor",
  strict: "strict",
  optIdx: "optIdx",
  opt_idx: "optIdx",
};

export function makeSchedulerConfig(scheduler: any, fields: Partial<LRSchedulerConfig> = {}): LRSchedulerConfig {
  return {
    scheduler,
    name: fields.name ?? null,
    interval: fields.interval ?? "epoch",
    frequency: fields.frequency ?? 1,
    reduceOnPlateau: fields.reduceOnPlateau ?? false,
    monitor: fields.monitor ?? null,
    strict: fields.strict ?? true,
    optIdx: fields.optIdx ?? null,
  };
}
