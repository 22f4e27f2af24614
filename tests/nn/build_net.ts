// Builds a Sequential from the fixtures' layer specs (the conformance scenario layer format).
import { Linear, Sequential, Tanh, ReLU, Sigmoid, LeakyReLU, GELU, Softplus, type Module } from "../../ts/nn/index.ts";

export function buildNet(spec: Array<Array<string | number | boolean>>): Sequential {
  const layers: Module[] = spec.map((l) => {
    switch (l[0]) {
      case "linear": return new Linear(l[1] as number, l[2] as number, (l[3] as boolean | undefined) ?? true);
      case "tanh": return new Tanh();
      case "relu": return new ReLU();
      case "sigmoid": return new Sigmoid();
      case "leaky_relu": return new LeakyReLU(l[1] as number | undefined);
      case "gelu": return new GELU();
      case "softplus": return new Softplus();
      default: throw new Error(`unknown layer ${l[0]}`);
    }
  });
  return new Sequential(...layers);
}
