// MNIST-shaped synthetic data (784 features in [0, 1), 10 classes) from a fixed LCG, so
// every contender and every runtime trains on the same numbers without files.
export interface SyntheticMnist {
  x: Float32Array; // n × 784, row-major
  labels: Int32Array; // n
  n: number;
}

export const FEATURES = 784;
export const CLASSES = 10;

export function syntheticMnist(n: number, seed = 1): SyntheticMnist {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const x = new Float32Array(n * FEATURES);
  for (let i = 0; i < x.length; i++) x[i] = next();
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = Math.floor(next() * CLASSES);
  return { x, labels, n };
}

/** Rows as nested arrays (fulgur's DataLoader takes a dict of row arrays). */
export function rowsOf(x: Float32Array, width: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < x.length; i += width) rows.push(Array.from(x.subarray(i, i + width)));
  return rows;
}
