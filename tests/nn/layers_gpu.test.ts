// A small CNN and the other layers on webgpu (Dawn / SwiftShader under Node) against fulgur-wasm:
// outputs, every parameter gradient and BatchNorm's running statistics agree (the dropout mask
// is the same draw on both: the generator runs in WASM). Skipped where no WebGPU adapter exists.
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "../../ts/autograd/tensor.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import * as nn from "../../ts/nn/index.ts";
import * as F from "../../ts/nn/functional.ts";
import { assertClose, onWasm, seeded, setupGpu } from "../gpu/gpu_setup.ts";

const skip = (await setupGpu()) ?? false;

class Net extends nn.Module {
  conv = new nn.Conv2d(2, 4, 3, { padding: 1 });
  bn = new nn.BatchNorm2d(4, { momentum: null }); // cumulative average: 1/num_batches_tracked on the device
  pool = new nn.MaxPool2d(2);
  gn = new nn.GroupNorm(2, 4);
  flat = new nn.Flatten();
  fc = new nn.Linear(16, 6);
  ln = new nn.LayerNorm(6);
  drop = new nn.Dropout(0.3);
  emb = new nn.Embedding(5, 6, { paddingIdx: 0 });
  forward(x: Tensor, ids: Tensor): Tensor {
    const h = this.gn.call(this.pool.call(ops.relu(this.bn.call(this.conv.call(x)))));
    const y = this.ln.call(this.fc.call(this.flat.call(h)));
    return ops.add(this.drop.call(F.silu(y)), this.emb.call(ids));
  }
}

async function run(): Promise<Float32Array[]> {
  nn.manualSeed(7);
  const net = new Net();
  const x = new Tensor(tf.tensor(seeded(2 * 2 * 4 * 4, 11), [2, 2, 4, 4], "float32"));
  const ids = new Tensor(tf.tensor([0, 3], [2], "int32")); // an index Tensor stays on the device
  net.call(ops.mul(x, 0.5), ids); // a first batch moves the running statistics
  const out = net.call(x, ids);
  const loss = ops.add(
    F.crossEntropy(out, [1, 5], { weight: new Tensor(tf.tensor([1, 2, 0.5, 1, 1, 3])), labelSmoothing: 0.1 }),
    F.mseLoss(out, new Tensor(tf.tensor(seeded(12, 3), [2, 6], "float32"))),
  );
  loss.backward();
  const reads = [loss.value, out.value, ...net.parameters().map((p) => p.grad!.value), ...net.buffers().map((b) => b.value)];
  return Promise.all(reads.map(async (v) => Float32Array.from((await v.data()) as ArrayLike<number>)));
}

test("a CNN with BatchNorm, GroupNorm, LayerNorm, Dropout and Embedding: webgpu matches fulgur-wasm", { skip }, async () => {
  const want = await onWasm(run);
  const got = await run();
  const names = ["loss", "output", ...new Net().namedParameters().map(([n]) => `grad ${n}`), ...new Net().namedBuffers().map(([n]) => n)];
  got.forEach((g, k) => assertClose(g, want[k], 1e-4, 1e-5, names[k]));
});
