// torch.optim.Adam and AdamW (1.13, single-tensor path): one kernel, weight decay either
// added to the gradient (Adam, L2) or applied to the parameter (AdamW, decoupled).
import { FulgurRuntimeError } from "../errors.ts";
import type { Parameter } from "../autograd/tensor.ts";
import { pow } from "../backend/scalar_math.ts";
import { runFused } from "./fused_step.ts";
import { ADAM_FLAGS, flags } from "./kernels.ts";
import { advanceStep, Optimizer, type ParamGroup, type ParamsArg } from "./optimizer.ts";
import { num, pair } from "./group_options.ts";
import { StateBuffer } from "./state_buffer.ts";
import { checkBetas, checkEps, checkLr, checkWeightDecay } from "./validate.ts";

/** Adam's and AdamW's options (torch's keyword arguments in camelCase). */
export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean;
}

function adamDefaults(opts: AdamOptions, weightDecayDefault: number): Record<string, unknown> {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = weightDecayDefault, amsgrad = false } = opts;
  checkLr(lr);
  checkEps(eps);
  checkBetas(betas);
  checkWeightDecay(weightDecay);
  return {
    lr, betas: [betas[0], betas[1]], eps, weightDecay, amsgrad,
    maximize: opts.maximize ?? false, foreach: opts.foreach ?? null, capturable: opts.capturable ?? false,
  };
}

abstract class AdamFamily extends Optimizer {
  protected abstract readonly decoupled: boolean;

  protected updateGroup(group: ParamGroup, params: Parameter[]): void {
    const [beta1, beta2] = pair(group, "betas");
    if (group.capturable === true) {
      // torch 1.13 asserts this in _single_tensor_adam(w); there is no CUDA here
      throw new FulgurRuntimeError("If capturable=True, params and state_steps must be CUDA tensors.");
    }
    if (group.differentiable === true) {
      throw new FulgurRuntimeError(`${this.name}(differentiable=True) is not supported: fulgur does not differentiate through optimizer steps`);
    }
    const lr = group.lr, weightDecay = num(group, "weightDecay"), amsgrad = group.amsgrad === true;
    const entries = params.map((p) => {
      const s = this.stateOf(p);
      if (Object.keys(s).length === 0) {
        s.step = 0;
        s.expAvg = new StateBuffer(p.shape);
        s.expAvgSq = new StateBuffer(p.shape);
        if (amsgrad) s.maxExpAvgSq = new StateBuffer(p.shape);
      }
      if (amsgrad && !(s.maxExpAvgSq instanceof StateBuffer)) {
        throw new FulgurRuntimeError(`${this.name}: amsgrad was turned on after the state was created (state has no max_exp_avg_sq)`);
      }
      const step = advanceStep(s);
      const stepSize = lr / (1 - pow(beta1, step));
      const bc2Sqrt = Math.sqrt(1 - pow(beta2, step));
      const slots = [s.expAvg as StateBuffer, s.expAvgSq as StateBuffer, amsgrad ? (s.maxExpAvgSq as StateBuffer) : null];
      return { param: p, slots, coefs: [-stepSize, bc2Sqrt] };
    });
    const f = flags([
      [group.maximize === true, ADAM_FLAGS.maximize],
      [amsgrad, ADAM_FLAGS.amsgrad],
      [!this.decoupled && weightDecay !== 0, ADAM_FLAGS.l2],
      [this.decoupled, ADAM_FLAGS.decoupled],
    ]);
    runFused(entries, "optim_adam", [beta1, beta2, 1 - beta1, 1 - beta2, num(group, "eps"), weightDecay, 1 - lr * weightDecay, f]);
  }
}

/** torch.optim.Adam (amsgrad, maximize and weight decay as torch's; fused WASM update on the CPU backend). */
export class Adam extends AdamFamily {
  protected readonly decoupled = false;
  constructor(params: ParamsArg, opts: AdamOptions = {}) {
    if (opts.fused) throw new FulgurRuntimeError("FusedAdam requires all the params to be CUDA, floating point");
    super(params, { ...adamDefaults(opts, 0), differentiable: opts.differentiable ?? false, fused: false }, opts);
  }
}

/** torch.optim.AdamW: Adam with decoupled weight decay. */
export class AdamW extends AdamFamily {
  protected readonly decoupled = true;
  constructor(params: ParamsArg, opts: AdamOptions = {}) {
    super(params, adamDefaults(opts, 1e-2), opts);
  }
}
