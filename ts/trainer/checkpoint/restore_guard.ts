// All-or-nothing resume: what the training state restore overwrites (optimizer and scheduler
// state, the global generator) is kept until the whole restore succeeded, and put back when
// any part of it fails — together with the weights the connector already keeps.
import { CheckpointMismatchError } from "./errors.ts";
import { defaultGenerator } from "../../random/generator.ts";
import type { Trainer } from "../trainer.ts";

type Loadable = { stateDict?: () => unknown; loadStateDict?: (s: any) => void };

/** Snapshots what a resume overwrites; the returned function puts it back (best effort, never throws). */
export function snapshotTrainingState(trainer: Trainer): () => void {
  const opts = (trainer.optimizers as Loadable[]).map((o) => (typeof o?.stateDict === "function" ? o.stateDict() : undefined));
  const scheds = trainer.lrSchedulerConfigs.map((c) => (c.scheduler as Loadable).stateDict?.());
  const rng = defaultGenerator.getState();
  return () => {
    const again = (f: () => void): void => {
      try {
        f();
      } catch {
        // the original error is the one the user needs to see
      }
    };
    (trainer.optimizers as Loadable[]).forEach((o, i) => { if (opts[i] !== undefined) again(() => o.loadStateDict!(opts[i])); });
    trainer.lrSchedulerConfigs.forEach((c, i) => { if (scheds[i] !== undefined) again(() => (c.scheduler as Loadable).loadStateDict!(scheds[i])); });
    again(() => defaultGenerator.setState(rng));
  };
}

const optionKeys = (g: unknown): string[] =>
  g !== null && typeof g === "object" ? Object.keys(g as object).filter((k) => k !== "params") : [];

/**
 * An optimizer state saved by another optimizer class (Adam's into SGD) loads "fine" and then
 * fails at the first step on a missing hyperparameter; name the mismatch before loading instead.
 */
export function checkOptimizerKind(o: unknown, saved: unknown, index: number, where: string): void {
  const groups = (o as { paramGroups?: unknown[] })?.paramGroups;
  const savedGroups = (saved as { paramGroups?: unknown[] })?.paramGroups;
  if (!Array.isArray(groups) || !Array.isArray(savedGroups) || groups.length === 0 || savedGroups.length === 0) return;
  // the optimizer's own hyperparameters (schedulers add keys such as initialLr to the groups)
  const defaults = (o as { defaults?: unknown }).defaults;
  const have = defaults !== null && typeof defaults === "object" ? optionKeys(defaults) : optionKeys(groups[0]);
  const got = new Set(optionKeys(savedGroups[0]));
  const missing = have.filter((k) => !got.has(k));
  if (missing.length === 0) return;
  const name = (o as { constructor?: { name?: string } }).constructor?.name ?? "the optimizer";
  throw new CheckpointMismatchError(
    `optimizer ${index} is ${name} but optimizerStates[${index}] in ${where} was saved by a different optimizer:` +
      ` its param groups have no ${missing.map((k) => `"${k}"`).join(", ")} (they hold ${[...got].map((k) => `"${k}"`).join(", ")}).` +
      " Resume with the optimizers the checkpoint was saved with.",
  );
}
