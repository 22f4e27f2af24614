// Case 10 peer: case 2's 784-256-128-10 ReLU MLP step (batch 128, Adam 1e-3, cross-entropy) in
// @jax-js/jax on its wasm device: one jit of value-and-grad, one jit of the Adam update per
// parameter. jax-js arrays are consumed by the calls they are passed to (`.ref` keeps one).
import { CLASSES, FEATURES, syntheticMnist } from "./synthetic_mnist.ts";
import { BATCH } from "./mlp_fulgur.ts";
import { median } from "./timing.ts";

type Jax = typeof import("@jax-js/jax");
type Arr = import("@jax-js/jax").Array;

export async function benchJaxMlp(budgetMs: number): Promise<{ msPerStep: number; steps: number; firstLoss: number; lastLoss: number; note: string }> {
  const jax: Jax = await import("@jax-js/jax");
  const devices = await jax.init("wasm");
  if (!devices.includes("wasm")) throw new Error("@jax-js/jax: no wasm device");
  jax.defaultDevice("wasm");
  const np = jax.numpy;
  const d = syntheticMnist(16 * BATCH);
  const xs: Arr[] = [], ys: Arr[] = [];
  for (let b = 0; b < 16; b++) {
    xs.push(np.array(d.x.slice(b * BATCH * FEATURES, (b + 1) * BATCH * FEATURES)).reshape([BATCH, FEATURES]));
    const oh = new Float32Array(BATCH * CLASSES);
    for (let i = 0; i < BATCH; i++) oh[i * CLASSES + d.labels[b * BATCH + i]] = 1;
    ys.push(np.array(oh).reshape([BATCH, CLASSES]));
  }
  const dims = [FEATURES, 256, 128, CLASSES];
  let params: Arr[] = [];
  for (let l = 0; l < 3; l++) {
    const bound = 1 / Math.sqrt(dims[l]);
    params.push(np.array(Float32Array.from({ length: dims[l] * dims[l + 1] }, () => (Math.random() * 2 - 1) * bound)).reshape([dims[l], dims[l + 1]]));
    params.push(np.zeros([dims[l + 1]]));
  }
  const loss = (p: Arr[], x: Arr, y: Arr): Arr => {
    let h = jax.nn.relu(np.add(np.matmul(x, p[0]), p[1]));
    h = jax.nn.relu(np.add(np.matmul(h, p[2]), p[3]));
    const lp = jax.nn.logSoftmax(np.add(np.matmul(h, p[4]), p[5]), -1);
    return np.multiply(np.sum(np.multiply(lp, y)), -1 / BATCH);
  };
  const vg = jax.jit(jax.valueAndGrad(loss));
  const b1 = 0.9, b2 = 0.999, lr = 1e-3, eps = 1e-8;
  const adam = jax.jit((p: Arr, g: Arr, m: Arr, v: Arr, c1: Arr, c2: Arr) => {
    const m2 = np.add(np.multiply(m, b1), np.multiply(g.ref, 1 - b1));
    const v2 = np.add(np.multiply(v, b2), np.multiply(np.multiply(g.ref, g), 1 - b2));
    const upd = np.divide(np.multiply(m2.ref, c1), np.add(np.sqrt(np.multiply(v2.ref, c2)), eps));
    return [np.subtract(p, upd), m2, v2];
  });
  let ms: Arr[] = params.map((p) => np.zerosLike(p.ref));
  let vs: Arr[] = params.map((p) => np.zerosLike(p.ref));
  let t = 0;
  const losses: number[] = [];
  const step = (i: number) => {
    t++;
    const [value, grads] = vg(params.map((p) => p.ref), xs[i % 16].ref, ys[i % 16].ref) as unknown as [Arr, Arr[]];
    losses.push(value.dataSync()[0]); // read the loss, as the other contenders do
    const c1 = np.array([lr / (1 - b1 ** t)]), c2 = np.array([1 / (1 - b2 ** t)]);
    const next = params.map((p, k) => adam(p, grads[k], ms[k], vs[k], c1.ref, c2.ref) as unknown as Arr[]);
    c1.dispose(); c2.dispose();
    params = next.map((r) => r[0]); ms = next.map((r) => r[1]); vs = next.map((r) => r[2]);
    params[0].ref.dataSync(); // wait for the update
  };
  for (let i = 0; i < 3; i++) step(i);
  const samples: number[] = [];
  const end = performance.now() + budgetMs;
  for (let i = 0; samples.length < 10 || performance.now() < end; i++) {
    const t0 = performance.now();
    step(i);
    samples.push(performance.now() - t0);
  }
  for (const a of [...params, ...ms, ...vs, ...xs, ...ys]) a.dispose();
  return { msPerStep: median(samples), steps: samples.length, firstLoss: losses[0], lastLoss: losses[losses.length - 1], note: "@jax-js/jax wasm device (1 thread: Node has no browser Worker for its pool)" };
}
