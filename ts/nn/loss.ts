// torch.nn loss modules: each holds torch's keyword arguments and calls its functional form.
import type { Tensor } from "../autograd/tensor.ts";
import * as F from "./functional.ts";
import type { Reduction } from "./functional.ts";
import { Module } from "./module.ts";
import { kwargs, type PositionalOr } from "./args.ts";
import { validateActivation, validateLoss } from "../validation/layer_options.ts";

type Target = Tensor | ArrayLike<number>;

/** torch's _WeightedLoss keeps `weight` as a (persistent) buffer: it is in the module's state_dict. */
function registerWeight(m: Module, w: Tensor | null): void {
  m.registerBuffer("weight", w);
}
const weightOf = (m: Module): Tensor | null => (m as any).weight ?? null;

/** torch.nn.MSELoss: mean (or sum) squared error. */
export class MSELoss extends Module {
  constructor(readonly opts: { reduction?: Reduction } = {}) { super(); validateLoss("MSELoss", opts, ["reduction"]); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.opts); }
}

/** torch.nn.L1Loss: mean (or sum) absolute error. */
export class L1Loss extends Module {
  constructor(readonly opts: { reduction?: Reduction } = {}) { super(); validateLoss("L1Loss", opts, ["reduction"]); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.opts); }
}

/** torch.nn.SmoothL1Loss: quadratic below `beta`, linear above. */
export class SmoothL1Loss extends Module {
  constructor(readonly opts: { reduction?: Reduction; beta?: number } = {}) { super(); validateLoss("SmoothL1Loss", opts, ["reduction", "beta"]); }
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.opts); }
}

/** torch.nn.HuberLoss: quadratic below `delta`, linear above. */
export class HuberLoss extends Module {
  constructor(readonly opts: { reduction?: Reduction; delta?: number } = {}) { super(); validateLoss("HuberLoss", opts, ["reduction", "delta"]); }
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.opts); }
}

// torch's first positional argument of the weighted losses is `weight`; the rest come as options.
/** torch.nn.BCELoss: binary cross-entropy of probabilities. */
export class BCELoss extends Module {
  readonly opts: { weight?: Tensor | null; reduction?: Reduction };
  constructor(...rest: PositionalOr<[weight: Tensor | null], { weight?: Tensor | null; reduction?: Reduction }>) {
    super();
    this.opts = kwargs(rest, ["weight"], "BCELoss");
    validateLoss("BCELoss", this.opts, ["weight", "reduction"]);
    registerWeight(this, this.opts.weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, { ...this.opts, weight: weightOf(this) }); }
}

/** torch.nn.BCEWithLogitsLoss: binary cross-entropy on logits (numerically stable). */
export class BCEWithLogitsLoss extends Module {
  readonly opts: F.BceWithLogitsOptions;
  constructor(...rest: PositionalOr<[weight: Tensor | null], F.BceWithLogitsOptions>) {
    super();
    this.opts = kwargs(rest, ["weight"], "BCEWithLogitsLoss");
    validateLoss("BCEWithLogitsLoss", this.opts, ["weight", "posWeight", "reduction"]);
    registerWeight(this, this.opts.weight ?? null);
    this.registerBuffer("pos_weight", this.opts.posWeight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { ...this.opts, weight: weightOf(this), posWeight: (this as any).pos_weight });
  }
}

/** torch.nn.NLLLoss: negative log-likelihood of log-probabilities (class weights, ignoreIndex). */
export class NLLLoss extends Module {
  readonly opts: F.NllLossOptions;
  constructor(...rest: PositionalOr<[weight: Tensor | null], F.NllLossOptions>) {
    super();
    this.opts = kwargs(rest, ["weight"], "NLLLoss");
    validateLoss("NLLLoss", this.opts, ["weight", "ignoreIndex", "reduction"]);
    registerWeight(this, this.opts.weight ?? null);
  }
  forward(input: Tensor, target: Target): Tensor { return F.nllLoss(input, target, { ...this.opts, weight: weightOf(this) }); }
}

/** torch.nn.CrossEntropyLoss: log-softmax plus NLL over class logits (class weights, ignoreIndex, label smoothing). */
export class CrossEntropyLoss extends Module {
  readonly opts: F.CrossEntropyOptions;
  constructor(...rest: PositionalOr<[weight: Tensor | null], F.CrossEntropyOptions>) {
    super();
    this.opts = kwargs(rest, ["weight"], "CrossEntropyLoss");
    validateLoss("CrossEntropyLoss", this.opts, ["weight", "ignoreIndex", "reduction", "labelSmoothing"]);
    registerWeight(this, this.opts.weight ?? null);
  }
  forward(input: Tensor, target: Target): Tensor { return F.crossEntropy(input, target, { ...this.opts, weight: weightOf(this) }); }
}

/** torch.nn.KLDivLoss: KL divergence of log-probabilities from a target. */
export class KLDivLoss extends Module {
  constructor(readonly opts: { reduction?: Reduction | "batchmean"; logTarget?: boolean } = {}) { super(); validateLoss("KLDivLoss", opts, ["reduction", "logTarget"]); }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.opts); }
}

/** torch.nn.CosineSimilarity along `dim`. */
export class CosineSimilarity extends Module {
  constructor(readonly dim = 1, readonly eps = 1e-8) { super(); validateActivation("CosineSimilarity", { dim, eps }); }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.cosineSimilarity(x1, x2, this.dim, this.eps); }
}
