// Checkpoints as untrusted input: decoding yields only plain data, every field is validated
// before anything is applied, a failing resume leaves model and optimizers as they were, and
// temp files of killed writes are removed on the next save.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { decodeValue } from "../../ts/trainer/checkpoint/value_codec.ts";
import { FsCheckpointIO, MemoryCheckpointIO, Trainer, parseCheckpoint, setWarningSink } from "../../ts/index.ts";
import { Adam, SGD } from "../../ts/optim/index.ts";
import { ReduceLROnPlateau } from "../../ts/optim/lr_scheduler/index.ts";
import { ValueError } from "../../ts/errors.ts";
import { paramHash, resumeLoader, ResumeModel } from "../checkpoint/resume_model.ts";

before(async () => { await init(); setWarningSink(() => {}); });

/** A real checkpoint's JSON text (2 epochs of Adam + plateau, saved at the end). */
async function realCheckpoint(setup: "adam_plateau" | "sgd_onecycle" = "adam_plateau"): Promise<string> {
  const io = new MemoryCheckpointIO();
  const t = new Trainer({ maxEpochs: 2, checkpointIO: io, enableProgressBar: false, enableModelSummary: false });
  await t.fit(new ResumeModel(setup), resumeLoader());
  await t.saveCheckpoint("c.ckpt");
  return io.files.get("c.ckpt")!;
}

test("special-number tags come from a closed list: inherited names are refused", () => {
  for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", 5, null]) {
    assert.throws(() => decodeValue({ $f64: name }), { name: "CheckpointFormatError", message: /unknown special number/ }, String(name));
  }
  // "__proto__" as a JSON key becomes an own data property, never the prototype
  const back = decodeValue(JSON.parse('{"__proto__": {"polluted": 1}, "a": {"__proto__": [1]}}')) as Record<string, any>;
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
  assert.equal(({} as any).polluted, undefined);
  assert.deepEqual(Object.getOwnPropertyDescriptor(back, "__proto__")?.value, { polluted: 1 });
  // absurd nesting is a named error, not a stack overflow
  const deep = JSON.parse("[".repeat(5000) + "]".repeat(5000));
  assert.throws(() => decodeValue(deep), { name: "CheckpointFormatError", message: /nested more than/ });
});

test("every loop and step field is validated before a resume applies anything", async () => {
  const text = await realCheckpoint();
  const cases: Array<[string, (c: any) => void, RegExp]> = [
    ["epochsProcessed abc", (c) => { c.loops.fitLoop.epochsProcessed = "abc"; }, /loops\.fitLoop\.epochsProcessed should be an integer >= 0, got "abc"/],
    ["epochsProcessed NaN", (c) => { c.loops.fitLoop.epochsProcessed = { $f64: "NaN" }; }, /epochsProcessed should be an integer >= 0, got NaN/],
    ["epochsProcessed -5", (c) => { c.loops.fitLoop.epochsProcessed = -5; }, /epochsProcessed should be an integer >= 0, got -5/],
    ["epochsProcessed 1e300", (c) => { c.loops.fitLoop.epochsProcessed = 1e300; }, /epochsProcessed should be an integer >= 0, got 1e\+300/],
    ["epochsProcessed Infinity", (c) => { c.loops.fitLoop.epochsProcessed = { $f64: "Infinity" }; }, /epochsProcessed should be an integer/],
    ["epochsProcessed __proto__ tag", (c) => { c.loops.fitLoop.epochsProcessed = { $f64: "__proto__" }; }, /unknown special number "__proto__"/],
    ["globalStep -1", (c) => { c.globalStep = -1; }, /globalStep should be an integer >= 0, got -1/],
    ["epoch 1.5", (c) => { c.epoch = 1.5; }, /epoch should be an integer >= 0, got 1.5/],
    ["lr -5", (c) => { c.optimizerStates[0].paramGroups[0].lr = -5; }, /optimizerStates\[0\]\.paramGroups\[0\]\.lr should be a finite number >= 0, got -5/],
    ["lr NaN", (c) => { c.optimizerStates[0].paramGroups[0].lr = { $f64: "NaN" }; }, /paramGroups\[0\]\.lr should be a finite number >= 0, got NaN/],
    ["params not indices", (c) => { c.optimizerStates[0].paramGroups[0].params = ["x"]; }, /paramGroups\[0\]\.params should be an array of parameter indices/],
    ["paramGroups missing", (c) => { delete c.optimizerStates[0].paramGroups; }, /optimizerStates\[0\]\.paramGroups should be an array/],
    ["optimizer state not an object", (c) => { c.optimizerStates[0] = 3; }, /optimizerStates\[0\] should be an object/],
    ["scheduler lastEpoch -7", (c) => { c.lrSchedulers[0].lastEpoch = -7; }, /lrSchedulers\[0\]\.lastEpoch should be an integer >= -1/],
    ["totalReady string", (c) => { c.loops.fitLoop.epochLoop.totalReady = "3"; }, /epochLoop\.totalReady should be an integer >= 0/],
    ["midEpoch number", (c) => { c.loops.fitLoop.midEpoch = 1; }, /midEpoch should be true or false/],
    ["completed > processed", (c) => { c.loops.fitLoop.epochsCompleted = 9; }, /epochsCompleted should be at most epochsProcessed/],
    ["loops an array", (c) => { c.loops = []; }, /"loops" should be an object or null/],
    ["grads of the wrong length", (c) => { const k = Object.keys(c.loops.grads)[0]; c.loops.grads[k] = { $f32: "AACAPw==" }; }, /loops\.grads\[".*"\] should be \d+ values/],
    ["rng words cut", (c) => { c.loops.rng.torch.mt = c.loops.rng.torch.mt.slice(1); }, /loops\.rng\.torch\.mt should be 624 state words/],
    ["callback state a number", (c) => { c.callbacks.x = 1; }, /callbacks\["x"\] should be an object/],
  ];
  for (const [label, mutate, message] of cases) {
    const c = JSON.parse(text);
    mutate(c);
    const io = new MemoryCheckpointIO();
    io.files.set("bad.ckpt", JSON.stringify(c));
    const model = new ResumeModel("adam_plateau");
    const before = paramHash(model);
    await assert.rejects(new Trainer({ maxEpochs: 4, checkpointIO: io, enableProgressBar: false }).fit(model, resumeLoader(), null, { ckptPath: "bad.ckpt" }),
      { name: "CheckpointFormatError", message }, label);
    assert.equal(paramHash(model), before, `${label}: the model changed`);
    assert.equal(io.files.get("bad.ckpt"), JSON.stringify(c), `${label}: the file changed`);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  }
  // the untouched file resumes
  assert.doesNotThrow(() => parseCheckpoint(text, "c.ckpt"));
});

test("a resume that fails in the optimizer or scheduler part leaves weights and optimizer state as they were", async () => {
  const text = await realCheckpoint("adam_plateau");
  const io = new MemoryCheckpointIO();
  io.files.set("a.ckpt", text);
  // Adam's state into SGD: named as a different optimizer, not a missing "momentum" at the first step
  class SgdModel extends ResumeModel {
    configureOptimizers(): any {
      const opt = new SGD(this.parameters(), { lr: 0.1, momentum: 0.9 });
      return { optimizer: opt, lr_scheduler: { scheduler: new ReduceLROnPlateau(opt), interval: "step", monitor: "loss" } };
    }
  }
  const sgd = new SgdModel("adam_plateau");
  const before = paramHash(sgd);
  await assert.rejects(new Trainer({ maxEpochs: 4, checkpointIO: io, enableProgressBar: false }).fit(sgd, resumeLoader(), null, { ckptPath: "a.ckpt" }),
    { name: "CheckpointMismatchError", message: /optimizer 0 is SGD but optimizerStates\[0\] in a\.ckpt was saved by a different optimizer: its param groups have no "momentum"/ });
  assert.equal(paramHash(sgd), before);
  // the optimizer loads, then the scheduler fails: weights and the optimizer's state are put back
  class Refusing extends ReduceLROnPlateau {
    override loadStateDict(): void { throw new ValueError("refused"); }
  }
  class FailingScheduler extends ResumeModel {
    configureOptimizers(): any {
      const opt = new Adam(this.parameters(), { lr: 0.05 });
      return { optimizer: opt, lr_scheduler: { scheduler: new Refusing(opt, { patience: 0, factor: 0.5 }), interval: "step", monitor: "loss" } };
    }
  }
  const m = new FailingScheduler("adam_plateau");
  const beforeM = paramHash(m);
  const t = new Trainer({ maxEpochs: 4, checkpointIO: io, enableProgressBar: false });
  await assert.rejects(t.fit(m, resumeLoader(), null, { ckptPath: "a.ckpt" }), /refused/);
  assert.equal(paramHash(m), beforeM, "weights put back");
  const opt = t.optimizers[0] as any;
  assert.equal(opt.state.size, 0, "the optimizer's state is the fresh optimizer's again");
  assert.equal(opt.paramGroups[0].lr, 0.05);
  assert.equal(io.files.get("a.ckpt"), text);
});

test("temp files of killed writes are removed by the next save", async () => {
  const { mkdtempSync, readdirSync, rmSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(`${tmpdir()}/fulgur-orphans-`);
  try {
    writeFileSync(`${dir}/epoch=0.ckpt.tmp-999999-3`, "");
    writeFileSync(`${dir}/last.ckpt.tmp-12-0`, "{\"half");
    writeFileSync(`${dir}/keep.tmp-notes`, "mine");
    await new FsCheckpointIO().write(`${dir}/epoch=1.ckpt`, "x");
    assert.deepEqual(readdirSync(dir).sort(), ["epoch=1.ckpt", "keep.tmp-notes"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
