// The scenario's named loss terms as functions of a batch (FORMAT.md "Loss terms").
import type { LossTerm, Scenario } from "./scenario.ts";
import type { FulgurLib } from "./lib.ts";
import type { Batch } from "./build_data.ts";
import { LOSS_FUNCTIONS } from "./requirements.ts";

export type LossFn = (batch: Batch) => any;

function termFn(term: LossTerm, modules: Map<string, any>, lib: FulgurLib): LossFn {
  const F = lib.functional;
  const { ones, zeros } = lib.autograd;
  if ("supervised" in term) {
    const { module, input, target, fn } = term.supervised;
    const f = F[LOSS_FUNCTIONS[fn]];
    if (fn === "cross_entropy_seq") {
      // `/3`: logits [N, L, C] against targets [N, L], every position one sample
      return (batch) => {
        const out = modules.get(module).call(batch[input]);
        return f(out.reshape([-1, out.shape[out.shape.length - 1]]), batch[target].reshape([-1]));
      };
    }
    return (batch) => f(modules.get(module).call(batch[input]), batch[target]);
  }
  if ("gan_d" in term) {
    const { G, D, real, noise } = term.gan_d;
    return (batch) => {
      const dReal = modules.get(D).call(batch[real]);
      const fake = modules.get(G).call(batch[noise]).detach();
      const dFake = modules.get(D).call(fake);
      return F.binaryCrossEntropyWithLogits(dReal, ones(dReal.shape))
        .add(F.binaryCrossEntropyWithLogits(dFake, zeros(dFake.shape)));
    };
  }
  const { G, D, noise } = term.gan_g;
  return (batch) => {
    const d = modules.get(D).call(modules.get(G).call(batch[noise]));
    return F.binaryCrossEntropyWithLogits(d, ones(d.shape));
  };
}

export function buildLosses(s: Scenario, modules: Map<string, any>, lib: FulgurLib): Map<string, LossFn> {
  return new Map(Object.entries(s.losses).map(([name, term]) => [name, termFn(term, modules, lib)]));
}
