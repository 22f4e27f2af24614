// examples/models/char_transformer.ts at CI size: 2 epochs over 256 windows (16 steps).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main, BLOCK } from "../../examples/models/char_transformer.ts";
import { noGrad, tensor } from "../../examples/fulgur.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main({ epochs: 2, trainLimit: 256, sampleLength: 40, log: false }); }, { timeout: 180_000 });

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

test("models/char_transformer: the loss starts near ln(vocab) and drops", () => {
  assert.equal(r.losses.length, 16);
  assert.ok(r.losses.every(Number.isFinite));
  assert.ok(Math.abs(r.losses[0] - r.uniformLoss) < 0.8, `first loss ${r.losses[0]} vs ln(${r.vocabSize}) = ${r.uniformLoss}`);
  assert.ok(mean(r.losses.slice(-4)) < mean(r.losses.slice(0, 4)) - 0.3, `loss ${r.losses}`);
  assert.ok(r.valLosses.at(-1)! < r.uniformLoss - 0.5, `val_loss ${r.valLosses}`);
});

test("models/char_transformer: the causal mask keeps earlier positions blind to later tokens", () => {
  const a = Array.from({ length: BLOCK }, (_, i) => (i * 7) % r.vocabSize);
  const b = [...a];
  b[20] = (b[20] + 1) % r.vocabSize;
  r.model.eval();
  const [la, lb] = noGrad(() => [a, b].map((ids) => r.model.forward(tensor([ids], { dtype: "int64" })).dataSync()));
  r.model.train();
  const V = r.vocabSize;
  for (let i = 0; i < 20 * V; i++) assert.ok(Math.abs(la[i] - lb[i]) < 1e-5, `position ${Math.floor(i / V)} saw token 20`);
  let diff = 0;
  for (let i = 20 * V; i < 21 * V; i++) diff = Math.max(diff, Math.abs(la[i] - lb[i]));
  assert.ok(diff > 1e-3, "position 20 ignored its own token");
});

test("models/char_transformer: it samples a continuation of the prompt from its vocabulary", () => {
  assert.ok(r.sample.startsWith("The Lion "));
  assert.equal([...r.sample].length, "The Lion ".length + 40);
});
