// The checkpoint file format: exact value round trip, validation messages, atomic writes,
// weights-only files and mismatched resumes.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { decodeValue, encodeValue } from "../../ts/trainer/checkpoint/value_codec.ts";
import { FsCheckpointIO, MemoryCheckpointIO, Trainer, parseCheckpoint } from "../../ts/index.ts";
import { paramHash, resumeLoader, ResumeModel } from "./resume_model.ts";

before(async () => { await init(); });

test("values round-trip exactly: float32 bits, float64, ±Infinity, NaN, -0", () => {
  const f32 = new Float32Array([1e-45, -0, NaN, Infinity, 3.4028234663852886e38, 0.1]);
  const v = { a: f32, b: [0.1 + 0.2, -Infinity, Infinity, NaN, -0, 5e-324], c: { d: null, e: "x", f: true } };
  const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(v)))) as any;
  assert.deepEqual(new Uint8Array(back.a.buffer), new Uint8Array(f32.buffer));
  assert.ok(Object.is(back.b[4], -0));
  assert.deepEqual(back.b.slice(0, 4), [0.1 + 0.2, -Infinity, Infinity, NaN]);
  assert.equal(back.b[5], 5e-324);
  assert.deepEqual(back.c, v.c);
});

test("loading names what is wrong with a file", () => {
  assert.throws(() => parseCheckpoint("{\"format\": \"fulgur-checkp", "a.ckpt"), { name: "CheckpointFormatError", message: /a.ckpt is not a fulgur checkpoint: it is not valid JSON/ });
  assert.throws(() => parseCheckpoint("{\"format\": \"other\"}", "a.ckpt"), /its "format" is "other", expected "fulgur-checkpoint"/);
  assert.throws(() => parseCheckpoint("{\"format\": \"fulgur-checkpoint\", \"formatVersion\": 99, \"fulgurVersion\": \"9.0.0\"}", "a.ckpt"),
    /format version 99 \(written by fulgur 9.0.0\), but this fulgur .* reads versions 1..1. Upgrade fulgur/);
  assert.throws(() => parseCheckpoint("{\"format\": \"fulgur-checkpoint\", \"formatVersion\": 1}", "a.ckpt"), /a.ckpt is damaged: "epoch" should be a number/);
});

test("FsCheckpointIO writes atomically (temp file + rename) and leaves no temp files", async () => {
  const { mkdtempSync, readdirSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(`${tmpdir()}/fulgur-io-`);
  try {
    const io = new FsCheckpointIO();
    await io.write(`${dir}/sub/x.ckpt`, "one");
    await io.write(`${dir}/sub/x.ckpt`, "two");
    assert.equal(await io.read(`${dir}/sub/x.ckpt`), "two");
    assert.deepEqual(readdirSync(`${dir}/sub`), ["x.ckpt"]);
    assert.deepEqual(await io.list(`${dir}/sub`), ["x.ckpt"]);
    await io.remove(`${dir}/sub/x.ckpt`);
    assert.equal(await io.exists(`${dir}/sub/x.ckpt`), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("saveCheckpoint after fit, weights-only files, and resumes that do not fit the setup", async () => {
  const io = new MemoryCheckpointIO();
  const model = new ResumeModel("sgd_onecycle");
  const t = new Trainer({ maxEpochs: 1, checkpointIO: io, enableProgressBar: false });
  await t.fit(model, resumeLoader());
  await t.saveCheckpoint("end.ckpt");
  await t.saveCheckpoint("w.ckpt", true);
  const other = new ResumeModel("lbfgs");
  await assert.rejects(new Trainer({ maxEpochs: 2, checkpointIO: io }).fit(other, resumeLoader(), null, { ckptPath: "end.ckpt" }),
    { name: "CheckpointMismatchError", message: /holds 1 scheduler state\(s\) but `configureOptimizers` returned 0/ });
  await assert.rejects(new Trainer({ maxEpochs: 2, checkpointIO: io }).fit(new ResumeModel("sgd_onecycle"), resumeLoader(), null, { ckptPath: "w.ckpt" }),
    /saved with weightsOnly=true/);
  await assert.rejects(new Trainer({ maxEpochs: 2, checkpointIO: io }).fit(new ResumeModel("sgd_onecycle"), resumeLoader(), null, { ckptPath: "nope.ckpt" }),
    { name: "FulgurError", message: /Checkpoint at nope.ckpt not found/ });
  // a finished run resumed with the same maxEpochs trains no further
  const again = new ResumeModel("sgd_onecycle");
  await new Trainer({ maxEpochs: 1, checkpointIO: io }).fit(again, resumeLoader(), null, { ckptPath: "end.ckpt" });
  assert.equal(paramHash(again), paramHash(model));
});
