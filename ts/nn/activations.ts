// Activation modules (no parameters), each a thin wrapper over its autograd op.
import type { Tensor } from "../autograd/tensor.ts";
import * as ops from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import * as F from "./functional.ts";
import { validateActivation } from "../validation/layer_options.ts";
import { ValueError } from "../errors.ts";

/** torch.nn.Tanh. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return ops.tanh(x); }
}

/** torch.nn.ReLU. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return ops.relu(x); }
}

/** torch.nn.Sigmoid. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return ops.sigmoid(x); }
}

/** torch.nn.LeakyReLU with `negativeSlope` (default 0.01). */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); validateActivation("LeakyReLU", { negativeSlope }); }
  forward(x: Tensor): Tensor { return ops.leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negative_slope=${this.negativeSlope}`; }
}

/** Exact (erf) GELU; torch's approximate="tanh" is not provided. */
export class GELU extends Module {
  forward(x: Tensor): Tensor { return ops.gelu(x); }
}

/** torch.nn.Softplus: log(1 + exp(βx)) / β, linear above `threshold`. */
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) { super(); validateActivation("Softplus", { beta, threshold }); }
  forward(x: Tensor): Tensor { return ops.softplus(x, this.beta, this.threshold); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}

/** torch.nn.LogSoftmax along `dim`. */
export class LogSoftmax extends Module {
  constructor(readonly dim = -1) { super(); validateActivation("LogSoftmax", { dim }); }
  forward(x: Tensor): Tensor { return ops.logSoftmax(x, this.dim); }
}

/** torch.nn.Softmax along `dim`. */
export class Softmax extends Module {
  constructor(readonly dim = -1) { super(); validateActivation("Softmax", { dim }); }
  forward(x: Tensor): Tensor { return ops.softmax(x, this.dim); }
}

/** torch.nn.ELU. */
export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); validateActivation("ELU", { alpha }); }
  forward(x: Tensor): Tensor { return F.elu(x, this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}

/** torch.nn.SiLU: x · sigmoid(x). */
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return F.silu(x); }
}

/** torch.nn.Mish: x · tanh(softplus(x)). */
export class Mish extends Module {
  forward(x: Tensor): Tensor { return F.mish(x); }
}

/** torch.nn.Softsign: x / (1 + |x|). */
export class Softsign extends Module {
  forward(x: Tensor): Tensor { return F.softsign(x); }
}

/** torch.nn.Hardtanh: clamps to [minVal, maxVal]. */
export class Hardtanh extends Module {
  constructor(readonly minVal = -1, readonly maxVal = 1) {
    super();
    validateActivation("Hardtanh", { minVal, maxVal });
    if (!(maxVal > minVal)) throw new ValueError(`Hardtanh: max_val (${maxVal}) must be greater than min_val (${minVal})`);
  }
  forward(x: Tensor): Tensor { return F.hardtanh(x, this.minVal, this.maxVal); }
  override extraRepr(): string { return `min_val=${this.minVal}, max_val=${this.maxVal}`; }
}

/** torch.nn.ReLU6: min(max(x, 0), 6). */
export class ReLU6 extends Module {
  forward(x: Tensor): Tensor { return F.relu6(x); }
}
