// Scenario `modules` + `init` → fulgur nn.Sequential stacks holding the recorded initial weights.
import type { Layer, Scenario } from "./scenario.ts";
import type { FulgurLib } from "./lib.ts";
import { isV3LayerKind, torchSeedOf } from "./scenario_v3.ts";
import { makeLayerV3 } from "./layers_v3.ts";

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
  if (isV3LayerKind(layer[0])) return makeLayerV3(nn, layer as unknown[]);
  throw new Error(`unknown layer kind "${String(layer[0])}"`);
}

/** Decimal JSON numbers → float32, round-to-nearest-even (FORMAT.md). */
export const toFloat32 = (values: number[] | number[][]): Float32Array =>
  Float32Array.from((values as unknown[]).flat(Infinity as 1) as number[], (v) => Math.fround(v));

/**
 * Builds every module. Explicit `init`: the weights are loaded through the public loadStateDict
 * (buffers keep their defaults). `/3` `init: {torch_seed}`: torch.manual_seed(s), then the modules
 * are constructed in the order listed, each drawing torch's default initialisation.
 */
export function buildModules(s: Scenario, lib: FulgurLib): Map<string, any> {
  const modules = new Map<string, any>();
  const seed = torchSeedOf(s.init);
  if (seed !== null) lib.nn.manualSeed(seed);
  for (const [name, layers] of Object.entries(s.modules)) {
    const seq = new lib.nn.Sequential(...layers.map((l) => makeLayer(lib.nn, l)));
    if (seed === null) {
      const init = s.init as Record<string, number[] | number[][]>;
      const state: Record<string, Float32Array> = {};
      for (const [pname] of seq.namedParameters() as [string, unknown][]) {
        const key = `${name}.${pname}`;
        if (!(key in init)) throw new Error(`scenario ${s.name}: \`init\` has no value for parameter ${key}`);
        state[pname] = toFloat32(init[key]);
      }
      // buffers (running statistics) are not in `init`: they keep torch's defaults
      for (const [bname, b] of (seq.namedBuffers?.() ?? []) as [string, any][]) state[bname] = b.dataSync();
      seq.loadStateDict(state);
    }
    modules.set(name, seq);
  }
  return modules;
}

/** Every buffer keyed like `expect.final.buffers` ("net.1.running_mean"), read without blocking. */
export async function bufferValues(modules: Map<string, any>): Promise<Record<string, number[]>> {
  const entries: [string, any][] = [];
  for (const [name, m] of modules) for (const [bname, b] of (m.namedBuffers?.() ?? []) as [string, any][]) entries.push([`${name}.${bname}`, b]);
  const values = await Promise.all(entries.map(([, b]) => b.value.data() as Promise<ArrayLike<number>>));
  return Object.fromEntries(entries.map(([name], i) => [name, Array.from(values[i])]));
}

/** Every parameter keyed like `init` ("net.0.weight"), in module then registration order. */
export function namedParameters(modules: Map<string, any>): Map<string, any> {
  const out = new Map<string, any>();
  for (const [name, m] of modules) for (const [pname, p] of m.namedParameters() as [string, any][]) out.set(`${name}.${pname}`, p);
  return out;
}
