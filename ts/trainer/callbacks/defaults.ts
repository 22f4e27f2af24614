// The callbacks a Trainer runs: the user's, then a ProgressBar (unless disabled; without a
// terminal it prints one line per epoch), a ModelSummary (unless disabled) and a ModelCheckpoint (enableCheckpointing: true and none given), like Lightning's
// callback connector which appends its defaults after the user's callbacks.
import { MisconfigurationException } from "../errors.ts";
import type { TrainerOptions } from "../trainer_options.ts";
import type { Callback } from "./callback.ts";
import { ModelCheckpoint } from "./model_checkpoint.ts";
import { ProgressBar } from "./progress_bar.ts";
import { ModelSummary } from "./model_summary.ts";

export function defaultCallbacks(opts: TrainerOptions): Callback[] {
  const list: Callback[] = [...(opts.callbacks ?? [])];
  const hasBar = list.some((c) => c instanceof ProgressBar);
  if (opts.enableProgressBar === false) {
    if (hasBar) {
      throw new MisconfigurationException(
        "Trainer was configured with `enable_progress_bar=False` but found `ProgressBar` in callbacks list.",
      );
    }
  } else if (!hasBar) {
    list.push(new ProgressBar());
  }
  // Lightning's enable_model_summary (default on): a ModelSummary unless one is given.
  const hasSummary = list.some((c) => c instanceof ModelSummary);
  if (opts.enableModelSummary === false) {
    if (hasSummary) {
      throw new MisconfigurationException(
        "Trainer was configured with `enable_model_summary=False` but found `ModelSummary` in callbacks list.",
      );
    }
  } else if (!hasSummary) {
    list.push(new ModelSummary());
  }
  if (opts.enableCheckpointing === true && !list.some((c) => c instanceof ModelCheckpoint)) list.push(new ModelCheckpoint());
  if (opts.enableCheckpointing === false && list.some((c) => c instanceof ModelCheckpoint)) {
    throw new MisconfigurationException(
      "Trainer was configured with `enable_checkpointing=False` but found `ModelCheckpoint` in callbacks list.",
    );
  }
  return list;
}
