// All-or-nothing resume: what the training state restore overwrites (optimizer and scheduler
// state, the global generator) is kept until the whole restore succeeded, and put back when
// any part of it fails — together with the weights the connector already keeps.
import { FulgurError } from "../../errors.ts";
import { CheckpointFormatError, CheckpointMismatchError } from "./errors.ts";
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

/**
 * An error raised while a checkpoint's state was put in place: fulgur's own errors pass as they
 * are; a raw one (a field of an unexpected shape deep in a callback's or the logger's state)
 * becomes a CheckpointFormatError naming the file, so a crafted file never ends in a TypeError.
 */
export function asCheckpointError(e: unknown, where: string, part: string): unknown {
  if (e instanceof FulgurError) return e;
  const err = new CheckpointFormatError(`${where} is damaged: restoring its ${part} failed (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}).`);
  (err as { cause?: unknown }).cause = e;
  return err;
}
