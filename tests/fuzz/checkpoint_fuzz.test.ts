// Seeded mutations of real fulgur checkpoints (values, tags, keys, lengths) resumed with fit:
// each case ends in a correct resume or a named FulgurError, within a time limit, with
// Object.prototype untouched, and — when the checkpoint is refused — the model unchanged.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { FulgurError, MemoryCheckpointIO, SeededRandom, Trainer, setWarningSink } from "../../ts/index.ts";
import { paramHash, resumeLoader, ResumeModel, type Setup } from "../checkpoint/resume_model.ts";

before(async () => { await init(); setWarningSink(() => {}); });

const CASES_PER_SETUP = 300;
const LIMIT_MS = 10_000;

async function realCheckpoint(setup: Setup): Promise<string> {
  const io = new MemoryCheckpointIO();
  const t = new Trainer({ maxEpochs: 2, checkpointIO: io, enableProgressBar: false, enableModelSummary: false });
  await t.fit(new ResumeModel(setup), resumeLoader());
  await t.saveCheckpoint("c.ckpt");
  return io.files.get("c.ckpt")!;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every container in the tree with a key into it. */
function slots(v: Json, out: Array<[Json[] | Record<string, Json>, string | number]> = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([v, i]); slots(x, out); });
  else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) { out.push([v, k]); slots(v[k], out); }
  return out;
}

const POOL: Json[] = [
  { $f64: "NaN" }, { $f64: "Infinity" }, { $f64: "-Infinity" }, { $f64: "__proto__" }, { $f64: "constructor" }, { $f64: "toString" },
  { $f32: "!!not base64" }, { $f32: "AACAPw==" }, -5, -1, 0, 1.5, 1e300, -1e300, "abc", "", null, true, false, {}, [],
  [1, 2, 3], { __proto__: { polluted: 1 } } as unknown as Json, { constructor: { prototype: { polluted: 1 } } }, 2 ** 53, 7,
];
const KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "paramGroups", "state", "x"];

function mutate(text: string, rnd: { next(): number }): string {
  const c = JSON.parse(text) as Json;
  const all = slots(c);
  const n = 1 + Math.floor(rnd.next() * 3);
  for (let m = 0; m < n; m++) {
    const [holder, key] = all[Math.floor(rnd.next() * all.length)];
    const kind = Math.floor(rnd.next() * 5);
    const h = holder as Record<string | number, Json>;
    if (kind === 0 || kind === 1) h[key] = JSON.parse(JSON.stringify(POOL[Math.floor(rnd.next() * POOL.length)]) ?? "null");
    else if (kind === 2 && !Array.isArray(holder)) delete h[key];
    else if (kind === 3 && !Array.isArray(holder)) {
      // a key renamed to an inherited / prototype name (JSON text keeps "__proto__" as a key)
      const v = h[key];
      delete h[key];
      Object.defineProperty(h, KEYS[Math.floor(rnd.next() * KEYS.length)], { value: v, enumerable: true, configurable: true, writable: true });
    } else if (Array.isArray(h[key])) {
      const a = h[key] as Json[];
      h[key] = rnd.next() < 0.5 ? a.slice(0, Math.floor(a.length / 2)) : [...a, ...a];
    } else h[key] = null;
  }
  return JSON.stringify(c);
}

const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");

for (const setup of ["adam_plateau", "sgd_onecycle"] as const) {
  test(`mutated ${setup} checkpoints: a correct resume or a named error, in time, nothing polluted`, { timeout: 180_000 }, async () => {
    const text = await realCheckpoint(setup);
    const rnd = new SeededRandom(setup === "adam_plateau" ? 22 : 23) as SeededRandom & { next(): number };
    rnd.next = () => rnd.nextUint32() / 2 ** 32;
    const protoBefore = protoNames();
    let refused = 0;
    for (let i = 0; i < CASES_PER_SETUP; i++) {
      const bad = mutate(text, rnd);
      const io = new MemoryCheckpointIO();
      io.files.set("m.ckpt", bad);
      const model = new ResumeModel(setup);
      const before1 = paramHash(model);
      const t = new Trainer({ maxEpochs: 3, checkpointIO: io, enableProgressBar: false, enableModelSummary: false });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((r) => { timer = setTimeout(() => r("timeout"), LIMIT_MS); });
      const outcome = await Promise.race([
        t.fit(model, resumeLoader(), null, { ckptPath: "m.ckpt" }).then(() => "ok" as const, (e: unknown) => e),
        timeout,
      ]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        t.shouldStop = true;
        assert.fail(`case ${i}: fit did not finish within ${LIMIT_MS} ms`);
      }
      assert.equal(protoNames(), protoBefore, `case ${i}: Object.prototype changed`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, `case ${i}: Object.prototype polluted`);
      if (outcome === "ok") {
        assert.ok(t.currentEpoch <= 3, `case ${i}: trained past maxEpochs`);
        continue;
      }
      const e = outcome as Error;
      assert.ok(e instanceof FulgurError, `case ${i}: raw ${e?.name}: ${e?.message}\n${e?.stack?.split("\n").slice(1, 5).join("\n")}`);
      assert.ok(e.message.length > 0);
      if (e.name === "CheckpointFormatError" || e.name === "CheckpointMismatchError") {
        refused++;
        assert.equal(paramHash(model), before1, `case ${i}: the model changed although the checkpoint was refused (${e.message})`);
      }
      assert.equal(io.files.get("m.ckpt"), bad, `case ${i}: the checkpoint file changed`);
    }
    // most slots are the generator state's 624 words and logged metrics: a tenth refused shows the mutations reach the checked fields
    assert.ok(refused >= CASES_PER_SETUP / 10, `only ${refused} refused: the mutations miss`);
  });
}
