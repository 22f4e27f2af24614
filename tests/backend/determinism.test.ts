// The same bits on every runtime: a hash of exp/tanh/erf/log/sigmoid/softplus outputs over 5000
// inputs. The expected hash was produced on Node; Deno, Bun and browsers must reproduce it.
import * as tf from "@tensorflow/tfjs-core";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";

before(async () => { await init(); });

/** FNV-1a over the raw bytes (integer arithmetic only: identical on every engine). */
function fnv1a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

const EXPECTED = "4a32fde9";

test("transcendental kernels hash to the same bits on every runtime", () => {
  const n = 5000;
  const x = new Float32Array(n), pos = new Float32Array(n);
  for (let i = 0; i < n; i++) { x[i] = (i - 2500) / 300; pos[i] = (i + 1) / 97; }
  const outs = tf.tidy(() => {
    const t = tf.tensor1d(x), p = tf.tensor1d(pos);
    return [tf.exp(t), tf.tanh(t), tf.erf(t), tf.log(p), tf.sigmoid(t), tf.softplus(tf.mul(t, 3)), tf.log1p(p), tf.pow(p, t)]
      .map((r) => r.dataSync() as Float32Array);
  });
  let h = 0x811c9dc5;
  for (const o of outs) h = fnv1a(new Uint8Array(o.buffer, o.byteOffset, o.byteLength), h);
  assert.equal(h.toString(16).padStart(8, "0"), EXPECTED);
});
