// Lightning's `_ResultCollection`: every `this.log()` value kept per hook, both as the last
// step value and as an epoch reduction (mean weighted by batch size, sum, max or min).
import { MisconfigurationException } from "../errors.ts";
export type ReduceFx = "mean" | "sum" | "max" | "min";

export interface MetricMeta {
  fx: string; name: string; progBar: boolean; logger: boolean; onStep: boolean; onEpoch: boolean; reduceFx: ReduceFx;
}

class ResultMetric {
  forwardCache: number | null = null;
  private value = 0;
  private cumulatedBatchSize = 0;
  private computed: number | null = null;
  hasReset = false;

  constructor(readonly meta: MetricMeta) {
    this.value = meta.reduceFx === "max" ? -Infinity : meta.reduceFx === "min" ? Infinity : 0;
  }

  update(v: number, batchSize: number): void {
    this.hasReset = false;
    this.computed = null;
    if (this.meta.onStep) {
      this.forwardCache = v;
      if (!this.meta.onEpoch) return; // nothing to reduce
    }
    switch (this.meta.reduceFx) {
      case "mean": this.value += v * batchSize; this.cumulatedBatchSize += batchSize; break;
      case "sum": this.value += v; break;
      case "max": this.value = Math.max(this.value, v); break;
      case "min": this.value = Math.min(this.value, v); break;
    }
  }

  compute(): number {
    if (this.computed === null) {
      this.computed = this.meta.reduceFx === "mean" ? this.value / this.cumulatedBatchSize : this.value;
    }
    return this.computed;
  }

  reset(): void {
    this.value = this.meta.reduceFx === "max" ? -Infinity : this.meta.reduceFx === "min" ? Infinity : 0;
    this.cumulatedBatchSize = 0;
    this.forwardCache = null;
    this.computed = null;
    this.hasReset = true;
  }

  /** Everything a resumed run needs to continue the reduction exactly (checkpoints). */
  stateDict(): Record<string, unknown> {
    return {
      meta: { ...this.meta }, forwardCache: this.forwardCache, value: this.value,
      cumulatedBatchSize: this.cumulatedBatchSize, hasReset: this.hasReset,
    };
  }

  static fromState(sd: Record<string, any>): ResultMetric {
    const m = new ResultMetric(sd.meta as MetricMeta);
    m.forwardCache = sd.forwardCache;
    m.value = sd.value;
    m.cumulatedBatchSize = sd.cumulatedBatchSize;
    m.hasReset = sd.hasReset;
    return m;
  }

  /** The step value (onStep) or the epoch reduction (!onStep), or null when not kept that way. */
  cache(onStep: boolean): number | null {
    if (onStep && this.meta.onStep) return this.forwardCache;
    if (!onStep && this.meta.onEpoch) return this.cumulatedBatchSize > 0 || this.meta.reduceFx !== "mean" ? this.compute() : null;
    return null;
  }
}

export interface Metrics { callback: Record<string, number>; log: Record<string, number>; pbar: Record<string, number> }

export class ResultCollection {
  private items = new Map<string, ResultMetric>();
  /** Set while the loop is between its last batch and the end of the epoch. */
  epochEndReached = false;

  constructor(readonly training: boolean) {}

  log(meta: MetricMeta, value: number, batchSize: number, sameArgs: (a: MetricMeta, b: MetricMeta) => boolean): void {
    const key = `${meta.fx}.${meta.name}`;
    let item = this.items.get(key);
    if (item === undefined) {
      item = new ResultMetric(meta);
      this.items.set(key, item);
    } else if (!sameArgs(item.meta, meta)) {
      throw new MetricArgsMismatch(meta.name, meta.fx);
    }
    item.update(value, batchSize);
  }

  metrics(onStep: boolean): Metrics {
    const out: Metrics = { callback: {}, log: {}, pbar: {} };
    for (const item of this.items.values()) {
      if (item.hasReset) continue;
      const value = item.cache(onStep);
      if (value === null) continue;
      const { name, onStep: mStep, onEpoch: mEpoch } = item.meta;
      const forked = mStep && mEpoch ? `${name}_${onStep ? "step" : "epoch"}` : name;
      if (item.meta.logger) out.log[forked] = value;
      if (this.training || (mEpoch && !onStep)) {
        out.callback[name] = value;
        out.callback[forked] = value;
      }
      if (item.meta.progBar) out.pbar[forked] = value;
    }
    return out;
  }

  reset(): void {
    for (const item of this.items.values()) item.reset();
  }

  stateDict(): Record<string, unknown> {
    return {
      epochEndReached: this.epochEndReached,
      items: [...this.items].map(([key, item]) => ({ key, ...item.stateDict() })),
    };
  }

  loadStateDict(sd: Record<string, any>): void {
    this.epochEndReached = sd.epochEndReached;
    this.items = new Map((sd.items as Record<string, any>[]).map((x) => [x.key as string, ResultMetric.fromState(x)]));
  }
}

export class MetricArgsMismatch extends MisconfigurationException {
  constructor(name: string, fx: string) {
    super(`You called \`self.log(${name}, ...)\` twice in \`${fx}\` with different arguments. This is not allowed`);
  }
}
