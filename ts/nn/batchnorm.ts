// torch.nn.BatchNorm1d / BatchNorm2d: per-channel normalisation with running statistics kept as
// buffers (running_mean, running_var, num_batches_tracked), updated in training mode only.
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../autograd/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { setValue } from "../autograd/memory.ts";
import { batchNorm } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { ValueError } from "../errors.ts";
import { kwargs, type PositionalOr } from "./args.ts";
import { validateBatchNorm } from "../validation/layer_options.ts";

/** BatchNorm's options: eps, momentum, affine, trackRunningStats (torch's names in camelCase). */
export interface BatchNormOptions {
  eps?: number;
  /** null: cumulative moving average (factor 1 / num_batches_tracked). */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/** torch's _BatchNorm: the shared part; subclasses check the input's rank. */
export abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  /** (numFeatures, eps?, momentum?, affine?, trackRunningStats?, opts?) */
  constructor(
    numFeatures: number,
    ...rest: PositionalOr<[eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean], BatchNormOptions>
  ) {
    super();
    const opts = kwargs<BatchNormOptions>(rest, ["eps", "momentum", "affine", "trackRunningStats"], new.target.name);
    validateBatchNorm(new.target.name, numFeatures, opts);
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) {
      throw new ValueError(`${new.target.name}: num_features must be a positive integer, got ${numFeatures}`);
    }
    this.numFeatures = numFeatures;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? true;
    this.trackRunningStats = opts.trackRunningStats ?? true;
    // torch's reset_parameters: weight ones, bias zeros, running_mean 0, running_var 1, count 0
    this.weight = this.affine ? new Parameter(tf.ones([numFeatures])) : null;
    this.bias = this.affine ? new Parameter(tf.zeros([numFeatures])) : null;
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", new Tensor(tf.zeros([numFeatures])));
      this.registerBuffer("running_var", new Tensor(tf.ones([numFeatures])));
      // torch keeps an int64 count; fulgur's int dtype is int32
      this.registerBuffer("num_batches_tracked", new Tensor(tf.scalar(0, "int32")));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
  }

  get runningMean(): Tensor | null {
    return (this as any).running_mean;
  }
  get runningVar(): Tensor | null {
    return (this as any).running_var;
  }
  get numBatchesTracked(): Tensor | null {
    return (this as any).num_batches_tracked;
  }

  /** torch's reset_running_stats. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    noGrad(() => {
      setValue(this.runningMean!, tf.zeros([this.numFeatures]));
      setValue(this.runningVar!, tf.ones([this.numFeatures]));
      setValue(this.numBatchesTracked!, tf.scalar(0, "int32"));
    });
  }

  protected abstract checkInputDim(x: Tensor): void;

  forward(x: Tensor): Tensor {
    this.checkInputDim(x);
    if (x.shape[1] !== this.numFeatures) {
      throw new ValueError(
        `${this.constructor.name}(${this.numFeatures}) got input of shape [${x.shape.join(", ")}]: expected ${this.numFeatures} channels in dim 1`,
      );
    }
    let factor: number | Tensor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked !== null) {
      const n = this.numBatchesTracked;
      noGrad(() => setValue(n, tf.add(n.value, tf.scalar(1, "int32"))));
      // momentum null: cumulative average, 1 / num_batches_tracked computed on the device
      if (this.momentum === null) factor = new Tensor(tf.tidy(() => tf.div(1, tf.cast(n.value, "float32"))));
    }
    // batch statistics in training, and in eval when no running statistics are kept
    const useBatch = this.training || (this.runningMean === null && this.runningVar === null);
    const track = !this.training || this.trackRunningStats;
    return batchNorm(x, track ? this.runningMean : null, track ? this.runningVar : null, {
      weight: this.weight, bias: this.bias, training: useBatch, momentum: factor, eps: this.eps,
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum ?? "None"}, affine=${this.affine ? "True" : "False"}, track_running_stats=${this.trackRunningStats ? "True" : "False"}`;
  }
}

/** torch.nn.BatchNorm1d: batch normalization over (N, C) or (N, C, L) with running statistics. */
export class BatchNorm1d extends BatchNormBase {
  protected checkInputDim(x: Tensor): void {
    if (x.rank !== 2 && x.rank !== 3) throw new ValueError(`expected 2D or 3D input (got ${x.rank}D input)`);
  }
}

/** torch.nn.BatchNorm2d: batch normalization over (N, C, H, W) with running statistics. */
export class BatchNorm2d extends BatchNormBase {
  protected checkInputDim(x: Tensor): void {
    if (x.rank !== 4) throw new ValueError(`expected 4D input (got ${x.rank}D input)`);
  }
}
