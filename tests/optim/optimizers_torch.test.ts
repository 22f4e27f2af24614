// Every optimizer against trajectories recorded from torch 1.13.1 (fixtures/gen_optim.py),
// on fulgur-wasm (kernels update parameters in place) and on tfjs-cpu (copy path).
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { init } from "../../ts/index.node.ts";
import { createOptimizer } from "../../ts/optim/index.ts";
import type { Parameter } from "../../ts/autograd/tensor.ts";
import fixture from "./fixtures/optim_trajectories.json" with { type: "json" };
import { assertClose, makeParams, setGrad, values } from "./helpers.ts";

interface Case {
  name: string; type: string; args: Record<string, unknown>;
  groups: Array<{ params: number[]; args?: Record<string, unknown> }> | null;
  shapes: number[][]; init: number[][]; grads: Array<Array<number[] | null>>; trajectory: number[][][];
  final_steps: Record<string, number | null>;
}

export function buildOptimizer(c: Case, params: Parameter[]) {
  const spec = c.groups === null ? params : c.groups.map((g) => ({ params: g.params.map((i) => params[i]), ...(g.args ?? {}) }));
  return createOptimizer(c.type, spec, c.args);
}

for (const backend of ["fulgur-wasm", "cpu"] as const) {
  describe(`torch 1.13 trajectories on ${backend}`, () => {
    before(async () => {
      await init({ backend });
    });
    for (const c of (fixture as { cases: Case[] }).cases) {
      test(c.name, async () => {
        await tf.setBackend(backend);
        const params = makeParams(c.init, c.shapes);
        const opt = buildOptimizer(c, params);
        c.grads.forEach((stepGrads, step) => {
          opt.zeroGrad();
          params.forEach((p, k) => setGrad(p, stepGrads[k]));
          opt.step();
          params.forEach((p, k) => assertClose(values(p), c.trajectory[step][k], 1e-5, 1e-7, `${c.name} step ${step} param ${k}`));
        });
        const sd = opt.stateDict();
        for (const [k, step] of Object.entries(c.final_steps)) {
          if (step !== null && sd.state[k].step !== step) throw new Error(`${c.name}: state ${k} step ${sd.state[k].step}, torch ${step}`);
        }
        opt.dispose();
        params.forEach((p) => { setGrad(p, null); p.dispose(); });
      });
    }
  });
}
