// The webgpu-only fused kernels of autograd (ts/gpu/ops): cross-entropy as log_softmax + nll_loss
// in one dispatch each way, ReLU's backward in one; their edge cases against fulgur-wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Parameter } from "../../ts/autograd/tensor.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import * as F from "../../ts/nn/functional.ts";
import { FUSED_MAX_COLS } from "../../ts/gpu/ops/log_softmax.ts";
import { assertClose, countDispatches, onWasm, seeded, setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;

/** cross_entropy(logits, targets) and d loss / d logits, read back. */
async function ce(logits: Float32Array, shape: [number, number], targets: number[]): Promise<{ loss: number; grad: Float32Array }> {
  const x = new Parameter(tf.tensor(logits, shape));
  const loss = F.crossEntropy(x, targets);
  loss.backward();
  return { loss: (await loss.value.data())[0], grad: (await x.grad!.value.data()) as Float32Array };
}

test("cross-entropy is two dispatches forward and two backward on webgpu", { skip }, () => {
  const x = new Parameter(tf.tensor(seeded(40, 1), [4, 10]));
  let loss: ReturnType<typeof F.crossEntropy> | undefined;
  assert.equal(countDispatches(() => { loss = F.crossEntropy(x, [1, 2, 3, 4]); }), 2, "forward");
  assert.equal(countDispatches(() => loss!.backward()), 2, "backward");
});

test("every row ignored: NaN loss and zero gradient, as torch (and fulgur-wasm)", { skip }, async () => {
  const logits = seeded(12, 2);
  const want = await onWasm(() => ce(logits, [3, 4], [-100, -100, -100]));
  const got = await ce(logits, [3, 4], [-100, -100, -100]);
  assert.ok(Number.isNaN(want.loss) && Number.isNaN(got.loss));
  assertClose(got.grad, want.grad, 0, 0, "gradient");
});

test("-inf logits and rows wider than the fused kernel's limit match fulgur-wasm", { skip }, async () => {
  const narrow = seeded(12, 3);
  narrow[1] = -Infinity;
  narrow[6] = -Infinity;
  const cols = FUSED_MAX_COLS + 3;
  const wide = seeded(2 * cols, 4);
  for (const [logits, shape, targets] of [[narrow, [3, 4], [0, 3, 2]], [wide, [2, cols], [5, cols - 1]]] as const) {
    const want = await onWasm(() => ce(logits, [...shape] as [number, number], [...targets]));
    const got = await ce(logits, [...shape] as [number, number], [...targets]);
    assertClose([got.loss], [want.loss], 1e-5, 1e-6, `loss [${shape}]`);
    assertClose(got.grad, want.grad, 1e-5, 1e-7, `gradient [${shape}]`);
  }
});

test("ReLU's backward is one dispatch and passes the gradient where the output > 0 only", { skip }, async () => {
  const v = seeded(9, 5);
  v[2] = NaN;
  v[4] = 0;
  const w = seeded(9, 6);
  const run = async () => {
    const x = new Parameter(tf.tensor(v, [9]));
    ops.sum(ops.mul(ops.relu(x), new Parameter(tf.tensor(w, [9])))).backward();
    return Array.from((await x.grad!.value.data()) as Float32Array);
  };
  assert.deepEqual(await run(), await onWasm(run));
  // sum(relu(x)) needs exactly one backward dispatch more than sum(x)
  const backwardDispatches = (f: (x: Parameter) => ReturnType<typeof ops.sum>) => {
    const loss = f(new Parameter(tf.tensor(v, [9])));
    return countDispatches(() => loss.backward());
  };
  assert.equal(backwardDispatches((x) => ops.sum(ops.relu(x))) - backwardDispatches((x) => ops.sum(x)), 1);
});
