// torch.nn.Linear: weight [out, in], y = x Wᵀ + b.
import { Parameter, type Tensor } from "../autograd/tensor.ts";
import { linear } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import * as tf from "@tensorflow/tfjs-core";
import { calculateFanInAndFanOut, kaimingUniform_, linearBound, uniform_, wasmSqrt, type Generator } from "./init.ts";
import { ValueError } from "../errors.ts";
import { validateLinear, validateLinearOptions } from "../validation/layer_options.ts";

/** torch.nn.Linear: y = x Wᵀ + b, initialized as torch's (same weights after manualSeed). */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  /**
   * `gen` defaults to the global generator: after manualSeed(s) the weights are torch's, bit for bit.
   * The options may come as an object too: Linear(2, 3, { bias: false }).
   */
  constructor(inFeatures: number, outFeatures: number, bias: boolean | { bias?: boolean; generator?: Generator } = true, gen?: Generator) {
    super();
    // an options object where torch takes bias=... (it would otherwise read as a truthy bias)
    if (typeof bias === "object" && bias !== null) {
      validateLinearOptions(bias);
      ({ bias = true, generator: gen = gen } = bias);
    }
    validateLinear(inFeatures, outFeatures, bias, gen);
    if (!Number.isInteger(inFeatures) || !Number.isInteger(outFeatures) || inFeatures < 0 || outFeatures < 0) {
      throw new ValueError(`Linear(${inFeatures}, ${outFeatures}): feature counts must be non-negative integers`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(tf.zeros([outFeatures, inFeatures]));
    this.bias = bias ? new Parameter(tf.zeros([outFeatures])) : null;
    // torch's reset_parameters: kaiming_uniform_(a=√5) on the weight, then the bias in ±1/√fan_in
    kaimingUniform_(this.weight, wasmSqrt(5), "fan_in", "leaky_relu", gen);
    if (this.bias) {
      const b = linearBound(calculateFanInAndFanOut(this.weight)[0]);
      uniform_(this.bias, -b, b, gen);
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
