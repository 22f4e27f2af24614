// Seeded synthetic data for the examples (no files, the same numbers on every runtime).
import { Generator } from "./fulgur.ts";

/** ≈ N(0, 1): Irwin–Hall sum of 12 uniforms (only + and -, so every engine agrees). */
export function gaussian(gen: Generator): number {
  let s = 0;
  for (let i = 0; i < 12; i++) s += gen.next();
  return s - 6;
}

/** Rows x ~ N(0, 1)^inFeatures and targets y = x·w + bias + noise·N(0, 1). */
export function linearRegression(
  n: number, w: number[], bias: number, noise: number, seed: number,
): { x: number[][]; y: number[][] } {
  const gen = new Generator(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = w.map(() => gaussian(gen));
    x.push(row);
    y.push([row.reduce((acc, v, j) => acc + v * w[j], bias) + noise * gaussian(gen)]);
  }
  return { x, y };
}
