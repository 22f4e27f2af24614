// torch.optim.Adagrad (1.13, dense gradients): lr decay, initial accumulator, weight decay, maximize.
import type { Parameter } from "../autograd/tensor.ts";
import { runFused } from "./fused_step.ts";
import { SIMPLE_FLAGS, flags } from "./kernels.ts";
import { advanceStep, Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkEps, checkLr, checkValue, checkWeightDecay } from "./validate.ts";

/** Adagrad's options (torch's keyword arguments in camelCase). */
export interface AdagradOptions {
  lr?: number; lrDecay?: number; weightDecay?: number; initialAccumulatorValue?: number; eps?: number;
  foreach?: boolean | null; maximize?: boolean;
}

/** torch.optim.Adagrad. */
export class Adagrad extends Optimizer {
  constructor(params: ParamsArg, opts: AdagradOptions = {}) {
    const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = opts;
    checkLr(lr);
    checkValue("lr_decay", 0 <= lrDecay, lrDecay);
    checkWeightDecay(weightDecay);
    checkValue("initial_accumulator_value", 0 <= initialAccumulatorValue, initialAccumulatorValue);
    checkEps(eps);
    super(params, { lr, lrDecay, eps, weightDecay, initialAccumulatorValue, foreach: opts.foreach ?? null, maximize: opts.maximize ?? false }, opts);
    // torch creates Adagrad's state eagerly, for every parameter, in the constructor.
    for (const g of this.paramGroups) for (const p of g.params) this.initState(p, initialAccumulatorValue);
  }

  private initState(p: Parameter, initial: number): void {
    const s = this.stateOf(p);
    s.step = 0;
    s.sum = new StateBuffer(p.shape, Math.fround(initial));
  }

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const lr = group.lr, lrDecay = num(group, "lrDecay"), weightDecay = num(group, "weightDecay");
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      if (!(s.sum instanceof StateBuffer)) this.initState(p, num(group, "initialAccumulatorValue"));
      const step = advanceStep(s);
      const clr = lr / (1 + (step - 1) * lrDecay);
      return { param: p, slots: [s.sum as StateBuffer], coefs: [-clr] };
    });
    const f = flags([[group.maximize === true, SIMPLE_FLAGS.maximize], [weightDecay !== 0, SIMPLE_FLAGS.weightDecay]]);
    runFused(entries, "optim_adagrad", [num(group, "eps"), weightDecay, f]);
  }
}
