// Deterministic parameter initialisation (never Math.random): a seeded generator and torch's
// default schemes. torch's own RNG stream is not reproduced; seeds make runs repeatable.
import * as tf from "@tensorflow/tfjs-core";

/** mulberry32: small, fast, 32-bit state; same sequence on every JS engine (integer math only). */
export class Generator {
  private state: number;
  constructor(seed = 0) {
    this.state = seed >>> 0;
  }
  manualSeed(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }
  /** Uniform in [0, 1) with 32 random bits. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  }
}

/** The generator layers use when none is given (torch's default generator). */
export const defaultGenerator = new Generator(0);

/** torch.manual_seed for parameter initialisation. */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}

/** A float32 tensor of the given shape drawn from U(low, high). */
export function uniform(shape: number[], low: number, high: number, gen: Generator = defaultGenerator): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = low + (high - low) * gen.next();
  return tf.tensor(data, shape, "float32");
}

/**
 * torch.nn.Linear.reset_parameters: kaiming_uniform_(a=√5) on the weight is U(-1/√fanIn, 1/√fanIn),
 * and the bias uses the same bound.
 */
export function linearBound(fanIn: number): number {
  return fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
}
