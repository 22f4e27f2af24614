// torch.nn.Dropout: zeroes elements with probability p in training (masks drawn from the
// global generator exactly as torch's CPU dropout draws them), identity in eval.
import type { Tensor } from "../autograd/tensor.ts";
import { dropout as dropoutOp, checkDropoutP } from "../autograd/ops/index.ts";
import { Module } from "./module.ts";
import { kwargs, type PositionalOr } from "./args.ts";
import { validateDropout } from "../validation/layer_options.ts";

/** torch.nn.Dropout: zeroes elements with probability `p` in training (torch's CPU random stream), identity in eval. */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;

  /** Dropout(p = 0.5, inplace?, opts?) */
  constructor(p = 0.5, ...rest: PositionalOr<[inplace: boolean], { inplace?: boolean }>) {
    super();
    const opts = kwargs<{ inplace?: boolean }>(rest, ["inplace"], "Dropout");
    validateDropout(p, opts);
    checkDropoutP(p);
    this.p = p;
    // fulgur's results are new tensors: inplace only changes nothing observable but identity
    this.inplace = opts.inplace ?? false;
  }

  forward(x: Tensor): Tensor {
    return dropoutOp(x, this.p, this.training);
  }

  override extraRepr(): string {
    return `p=${this.p}, inplace=${this.inplace ? "True" : "False"}`;
  }
}
