// torch.nn loss modules: each holds torch's keyword arguments and calls its functional form.
import type { Tensor } from "../autograd/tensor.ts";
import * as F from "./functional.ts";
import type { Reduction } from "./functional.ts";
import { Module } from "./module.ts";

type Target = Tensor | ArrayLike<number>;

export class MSELoss extends Module {
  constructor(readonly opts: { reduction?: Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.opts); }
}

export class L1Loss extends Module {
  constructor(readonly opts: { reduction?: Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.opts); }
}

export class SmoothL1Loss extends Module {
  constructor(readonly opts: { reduction?: Reduction; beta?: number } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.opts); }
}

export class HuberLoss extends Module {
  constructor(readonly opts: { reduction?: Reduction; delta?: number } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.opts); }
}

export class BCELoss extends Module {
  constructor(readonly opts: { weight?: Tensor | null; reduction?: Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, this.opts); }
}

export class BCEWithLogitsLoss extends Module {
  constructor(readonly opts: F.BceWithLogitsOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropyWithLogits(input, target, this.opts); }
}

export class NLLLoss extends Module {
  constructor(readonly opts: F.NllLossOptions = {}) { super(); }
  forward(input: Tensor, target: Target): Tensor { return F.nllLoss(input, target, this.opts); }
}

export class CrossEntropyLoss extends Module {
  constructor(readonly opts: F.CrossEntropyOptions = {}) { super(); }
  forward(input: Tensor, target: Target): Tensor { return F.crossEntropy(input, target, this.opts); }
}

export class KLDivLoss extends Module {
  constructor(readonly opts: { reduction?: Reduction | "batchmean"; logTarget?: boolean } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.opts); }
}

export class CosineSimilarity extends Module {
  constructor(readonly dim = 1, readonly eps = 1e-8) { super(); }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.cosineSimilarity(x1, x2, this.dim, this.eps); }
}
