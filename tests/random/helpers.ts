// Shared by the tests/random files: the torch fixture and int64 → int32 storage.
import assert from "node:assert/strict";
import fixture from "./fixtures/random.json" with { type: "json" };
import {
  manualSeed, rand, randn, randint, randperm, bernoulli, tensor, zeros, bernoulliScalar,
} from "../../ts/index.ts";

export const fx = fixture as any;

/** torch's int64 value as fulgur stores it (int32: the low 32 bits, two's complement). */
export const asInt32 = (v: string | number) => Number(BigInt.asIntN(32, BigInt(v)));

export const seedOf = (s: string) => BigInt(s);

/** Float32 bits of each value, for exact comparisons that show NaN / -0 differences too. */
export const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

/** One fixture case drawn from a freshly seeded generator. */
export function sample(c: any): number[] {
  manualSeed(seedOf(c.seed));
  const n = c.shape.reduce((a: number, b: number) => a * b, 1);
  const empty = () => zeros(c.shape);
  switch (c.op) {
    case "rand": return [...rand(c.shape).dataSync()];
    case "randn": return [...randn(c.shape).dataSync()];
    case "uniform_": return [...empty().uniform_(c.args[0], c.args[1]).dataSync()];
    case "normal_": return [...empty().normal_(c.args[0], c.args[1]).dataSync()];
    case "randint": return [...randint(c.args[0], c.args[1], c.shape).value.dataSync()];
    case "randint_float": return [...randint(c.args[0], c.args[1], c.shape, { dtype: "float32" }).dataSync()];
    case "randperm": return [...randperm(n).value.dataSync()];
    case "bernoulli_scalar": return [...bernoulliScalar(c.shape, c.args[0]).dataSync()];
    case "bernoulli_tensor": return [...bernoulli(tensor(c.probs)).dataSync()];
    case "random_int64": {
      const i = randint(0, 1, c.shape); // an int64 tensor to fill (this draws: reseed below)
      manualSeed(seedOf(c.seed));
      return [...i.random_().value.dataSync()];
    }
    case "random_float": return [...empty().random_().dataSync()];
    case "random_to": {
      const i = randint(0, 1, c.shape);
      manualSeed(seedOf(c.seed));
      return [...i.random_(c.args[0]).value.dataSync()];
    }
    case "exponential_": return [...empty().exponential_(c.args[0]).dataSync()];
    default: throw new Error(`unknown op ${c.op}`);
  }
}

/** The case's numbers equal torch's: integers by value, floats by their bits. */
export function checkCase(c: any): void {
  const got = sample(c);
  const what = `${c.op} seed=${c.seed} shape=[${c.shape}] args=${JSON.stringify(c.args ?? null)}`;
  if (["randint", "randperm", "random_int64", "random_to"].includes(c.op)) assert.deepEqual(got, c.values.map(asInt32), what);
  else assert.deepEqual(bits(got), bits(c.values), what);
}
