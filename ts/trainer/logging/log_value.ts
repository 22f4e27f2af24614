// The body of `LightningModule.log`: checks the value and the options against the hook it is
// called from (Lightning's `_FxValidator`), then records it in the active result collection.
import { Tensor } from "../deps.ts";
import { MisconfigurationException, ValueError } from "../errors.ts";
import { rankZeroWarn } from "../warnings.ts";
import { extractBatchSize } from "./batch_size.ts";
import { logDefaults } from "./fx_defaults.ts";
import type { LoggerConnector } from "./logger_connector.ts";
import type { MetricMeta, ReduceFx } from "./result_collection.ts";

export interface LogOptions {
  progBar?: boolean;
  logger?: boolean;
  onStep?: boolean;
  onEpoch?: boolean;
  reduceFx?: ReduceFx | "avg";
  batchSize?: number;
}

const REDUCE: Record<string, ReduceFx> = { mean: "mean", avg: "mean", sum: "sum", max: "max", min: "min" };

/** The value as a number, or (deferRead) the one-element Tensor whose read waits for the batch end. */
function checkedValue(name: string, value: unknown, deferRead: boolean): number | Tensor {
  if (typeof value === "number") return value;
  if (value instanceof Tensor) {
    if (value.size !== 1) {
      throw new ValueError(
        `\`self.log(${name}, ${value})\` was called, but the tensor must have a single element.` +
          ` You can try doing \`self.log(${name}, ${value}.mean())\``,
      );
    }
    return deferRead ? value : value.item();
  }
  const type = value === null ? "None" : typeof value === "object" ? (value as object).constructor?.name ?? "object" : typeof value;
  throw new ValueError(`\`self.log(${name}, ${String(value)})\` was called, but \`${type}\` values cannot be logged`);
}

const sameArgs = (a: MetricMeta, b: MetricMeta) =>
  a.progBar === b.progBar && a.logger === b.logger && a.onStep === b.onStep && a.onEpoch === b.onEpoch && a.reduceFx === b.reduceFx;

export function logValue(
  connector: LoggerConnector | null,
  fx: string | null,
  name: string,
  value: unknown,
  opts: LogOptions = {},
): void {
  const deferRead = connector?.deferred.deferring ?? false;
  const v = checkedValue(name, value, deferRead);
  if (connector === null) {
    rankZeroWarn(
      "You are trying to `self.log()` but the `self.trainer` reference is not registered on the model yet." +
        " This is most likely because the model hasn't been passed to the `Trainer`",
    );
    return;
  }
  const results = connector.active;
  if (results === null || fx === null) {
    throw new MisconfigurationException("You are trying to `self.log()` but it is not managed by the `Trainer` control flow");
  }
  const defaults = logDefaults(fx);
  if (defaults === null) throw new MisconfigurationException(`You can't \`self.log()\` inside \`${fx}\`.`);
  // a helper the user defined and called from a hook keeps that hook's name; unknown names use step defaults
  const d = defaults ?? { onStep: true, onEpoch: false, allowedOnStep: [false, true], allowedOnEpoch: [false, true] };
  const onStep = opts.onStep ?? d.onStep;
  const onEpoch = opts.onEpoch ?? d.onEpoch;
  if (!d.allowedOnStep.includes(onStep)) {
    throw new MisconfigurationException(`You can't \`self.log(${fx}, onStep=${onStep})\`. Possible values are [${d.allowedOnStep.join(", ")}]`);
  }
  if (!d.allowedOnEpoch.includes(onEpoch)) {
    throw new MisconfigurationException(`You can't \`self.log(${fx}, onEpoch=${onEpoch})\`. Possible values are [${d.allowedOnEpoch.join(", ")}]`);
  }
  const reduceFx = REDUCE[opts.reduceFx ?? "mean"];
  if (reduceFx === undefined) {
    throw new MisconfigurationException(`Only \`self.log(..., reduceFx={min,max,mean,sum})\` are supported. Found ${opts.reduceFx}`);
  }
  const meta: MetricMeta = { fx, name, progBar: opts.progBar ?? false, logger: opts.logger ?? true, onStep, onEpoch, reduceFx };
  const needsBatchSize = onEpoch && reduceFx === "mean";
  const batchSize = opts.batchSize ?? (needsBatchSize ? extractBatchSize(connector.currentBatch) : 1);
  if (!deferRead) {
    results.log(meta, v as number, batchSize, sameArgs);
    return;
  }
  // webgpu: every log of the step (numbers too, to keep their order) is recorded when the
  // batch's scalars are read at once, before onTrainBatchEnd (an argument mismatch raises there)
  const tensor = v instanceof Tensor ? [v.value] : [];
  connector.deferred.defer(tensor, (read) => results.log(meta, tensor.length ? read[0] : (v as number), batchSize, sameArgs));
}
