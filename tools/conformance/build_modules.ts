// Scenario `modules` + `init` → fulgur nn.Sequential stacks holding the recorded initial weights.
import type { Layer, Scenario } from "./scenario.ts";
import type { FulgurLib } from "./lib.ts";

function makeLayer(nn: FulgurLib["nn"], layer: Layer): unknown {
  switch (layer[0]) {
    case "linear": return new nn.Linear(layer[1], layer[2], layer.length === 4 ? layer[3] : true);
    case "tanh": return new nn.Tanh();
    case "relu": return new nn.ReLU();
    case "sigmoid": return new nn.Sigmoid();
    case "leaky_relu": return new nn.LeakyReLU(layer[1]);
    case "gelu": return new nn.GELU();
    case "softplus": return new nn.Softplus();
  }
}

/** Decimal JSON numbers → float32, round-to-nearest-even (FORMAT.md). */
export const toFloat32 = (values: number[] | number[][]): Float32Array =>
  Float32Array.from((values as unknown[]).flat() as number[], (v) => Math.fround(v));

/** Builds every module and loads its `init` weights through the public loadStateDict. */
export function buildModules(s: Scenario, lib: FulgurLib): Map<string, any> {
  const modules = new Map<string, any>();
  for (const [name, layers] of Object.entries(s.modules)) {
    const seq = new lib.nn.Sequential(...layers.map((l) => makeLayer(lib.nn, l)));
    const state: Record<string, Float32Array> = {};
    for (const [pname] of seq.namedParameters() as [string, unknown][]) {
      const key = `${name}.${pname}`;
      if (!(key in s.init)) throw new Error(`scenario ${s.name}: \`init\` has no value for parameter ${key}`);
      state[pname] = toFloat32(s.init[key]);
    }
    seq.loadStateDict(state);
    modules.set(name, seq);
  }
  return modules;
}

/** Every parameter keyed like `init` ("net.0.weight"), in module then registration order. */
export function namedParameters(modules: Map<string, any>): Map<string, any> {
  const out = new Map<string, any>();
  for (const [name, m] of modules) for (const [pname, p] of m.namedParameters() as [string, any][]) out.set(`${name}.${pname}`, p);
  return out;
}
