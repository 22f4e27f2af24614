// torch.nn.Linear: weight [out, in], y = x Wᵀ + b.
import { Parameter, type Tensor } from "../autograd/tensor.ts";
import { linear } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { defaultGenerator, linearBound, uniform, type Generator } from "./init.ts";
import { ValueError } from "../errors.ts";

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, bias = true, gen: Generator = defaultGenerator) {
    super();
    if (!Number.isInteger(inFeatures) || !Number.isInteger(outFeatures) || inFeatures < 0 || outFeatures < 0) {
      throw new ValueError(`Linear(${inFeatures}, ${outFeatures}): feature counts must be non-negative integers`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const b = linearBound(inFeatures);
    this.weight = new Parameter(uniform([outFeatures, inFeatures], -b, b, gen));
    this.bias = bias ? new Parameter(uniform([outFeatures], -b, b, gen)) : null;
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
