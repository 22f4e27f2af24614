// Shared by the tests/random files: the torch fixture and int64 → int32 storage.
import fixture from "./fixtures/random.json" with { type: "json" };

export const fx = fixture as any;

/** torch's int64 value as fulgur stores it (int32: the low 32 bits, two's complement). */
export const asInt32 = (v: string | number) => Number(BigInt.asIntN(32, BigInt(v)));

export const seedOf = (s: string) => BigInt(s);

/** Float32 bits of each value, for exact comparisons that show NaN / -0 differences too. */
export const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
