// Activation modules (no parameters), each a thin wrapper over its autograd op.
import type { Tensor } from "../autograd/tensor.ts";
import * as ops from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import * as F from "./functional.ts";
import { validateActivation } from "../validation/layer_options.ts";
import { ValueError } from "../errors.ts";

export class Tanh extends Module {
  forward(x: Tensor): Tensor { return ops.tanh(x); }
}

export class ReLU extends Module {
  forward(x: Tensor): Tensor { return ops.relu(x); }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return ops.sigmoid(x); }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); validateActivation("LeakyReLU", { negativeSlope }); }
  forward(x: Tensor): Tensor { return ops.leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negative_slope=${this.negativeSlope}`; }
}

/** Exact (erf) GELU; torch's approximate="tanh" is not provided. */
export class GELU extends Module {
  forward(x: Tensor): Tensor { return ops.gelu(x); }
}

export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) { super(); validateActivation("Softplus", { beta, threshold }); }
  forward(x: Tensor): Tensor { return ops.softplus(x, this.beta, this.threshold); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}

export class LogSoftmax extends Module {
  constructor(readonly dim = -1) { super(); validateActivation("LogSoftmax", { dim }); }
  forward(x: Tensor): Tensor { return ops.logSoftmax(x, this.dim); }
}

export class Softmax extends Module {
  constructor(readonly dim = -1) { super(); validateActivation("Softmax", { dim }); }
  forward(x: Tensor): Tensor { return ops.softmax(x, this.dim); }
}

export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); validateActivation("ELU", { alpha }); }
  forward(x: Tensor): Tensor { return F.elu(x, this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}

export class SiLU extends Module {
  forward(x: Tensor): Tensor { return F.silu(x); }
}

export class Mish extends Module {
  forward(x: Tensor): Tensor { return F.mish(x); }
}

export class Softsign extends Module {
  forward(x: Tensor): Tensor { return F.softsign(x); }
}

export class Hardtanh extends Module {
  constructor(readonly minVal = -1, readonly maxVal = 1) {
    super();
    validateActivation("Hardtanh", { minVal, maxVal });
    if (!(maxVal > minVal)) throw new ValueError(`Hardtanh: max_val (${maxVal}) must be greater than min_val (${minVal})`);
  }
  forward(x: Tensor): Tensor { return F.hardtanh(x, this.minVal, this.maxVal); }
  override extraRepr(): string { return `min_val=${this.minVal}, max_val=${this.maxVal}`; }
}

export class ReLU6 extends Module {
  forward(x: Tensor): Tensor { return F.relu6(x); }
}
