// torch.nn.LayerNorm and GroupNorm: statistics per sample, elementwise / per-channel affine.
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, type Tensor } from "../autograd/tensor.ts";
import { groupNorm, layerNorm } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { ValueError } from "../errors.ts";
import { kwargs, type PositionalOr } from "./args.ts";
import { validateGroupNorm, validateLayerNorm } from "../validation/layer_options.ts";

export interface LayerNormOptions {
  eps?: number;
  elementwiseAffine?: boolean;
}

export interface GroupNormOptions {
  eps?: number;
  affine?: boolean;
}

/** torch.nn.LayerNorm: normalization over the last dims `normalizedShape` (elementwise affine optional). */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  /** LayerNorm(normalizedShape, eps?, elementwiseAffine?, opts?) */
  constructor(normalizedShape: number | readonly number[], ...rest: PositionalOr<[eps: number, elementwiseAffine: boolean], LayerNormOptions>) {
    super();
    const opts = kwargs<LayerNormOptions>(rest, ["eps", "elementwiseAffine"], "LayerNorm");
    validateLayerNorm(normalizedShape, opts);
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ValueError(`LayerNorm: normalized_shape must hold non-negative integers, got [${this.normalizedShape.join(", ")}]`);
    }
    this.eps = opts.eps ?? 1e-5;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(tf.ones(this.normalizedShape)) : null;
    this.bias = this.elementwiseAffine ? new Parameter(tf.zeros(this.normalizedShape)) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `(${this.normalizedShape.join(", ")},), eps=${this.eps}, elementwise_affine=${this.elementwiseAffine ? "True" : "False"}`;
  }
}

/** torch.nn.GroupNorm: normalization over groups of channels. */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  /** GroupNorm(numGroups, numChannels, eps?, affine?, opts?) */
  constructor(numGroups: number, numChannels: number, ...rest: PositionalOr<[eps: number, affine: boolean], GroupNormOptions>) {
    super();
    const opts = kwargs<GroupNormOptions>(rest, ["eps", "affine"], "GroupNorm");
    validateGroupNorm(numGroups, numChannels, opts);
    if (numChannels % numGroups !== 0) throw new ValueError("num_channels must be divisible by num_groups");
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = opts.eps ?? 1e-5;
    this.affine = opts.affine ?? true;
    this.weight = this.affine ? new Parameter(tf.ones([numChannels])) : null;
    this.bias = this.affine ? new Parameter(tf.zeros([numChannels])) : null;
  }

  forward(x: Tensor): Tensor {
    return groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine ? "True" : "False"}`;
  }
}
