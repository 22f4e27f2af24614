// Checkpoints in Chromium: a run saved to IndexedDB (the browser Trainer's default for string
// paths) resumes after a page reload — a new JS context — with parameters bit-identical to an
// uninterrupted run; checkpoints move between Node (fs) and the browser both ways; and
// downloadCheckpoint hands out the same bytes.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fulgur from "../../ts/index.node.ts";
import { ensureDist, importFromRepo, notOnNodeReason, repo } from "./support.ts";
import { CHROMIUM, withPage } from "./chromium.ts";

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (.ci/run installs chromium)`);

const RUN_MODULE = "tests/checkpoint/fixtures/resume_run.mjs";
const SAVE_AT = 6; // mid-epoch 2 of 4-batch epochs

if (!skip) {
  before(async () => {
    await ensureDist();
    await fulgur.init();
  }, { timeout: 300_000 });
}

/**
 * Evaluates `body` (an async function body) in the page with `fulgur` (the browser bundle,
 * initialised), `resumeRun` (RUN_MODULE) and `arg` in scope; both stay on `window` for later calls.
 */
function inPage(page: any, body: string, arg: unknown = null): Promise<any> {
  const src = readFileSync(join(repo, RUN_MODULE), "utf8");
  return page.evaluate(`(async (src, arg) => {
    if (!window.__fulgur) {
      const fulgur = await import("/dist/fulgur.browser.mjs");
      await fulgur.init();
      const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
      window.__fulgur = fulgur;
      window.__resumeRun = (await import(url)).resumeRun;
    }
    const fulgur = window.__fulgur, resumeRun = window.__resumeRun;
    ${body}
  })(${JSON.stringify(src)}, ${JSON.stringify(arg)})`);
}

/** Runs `trigger` and returns the text of the file download it starts. */
async function downloaded(page: any, trigger: () => Promise<unknown>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), trigger()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
}

/**
 * Page errors, less the console's "Failed to load resource" for the favicon a plain-text document
 * asks for (a 404 of anything the page itself loads still shows as "HTTP 404 for <url>").
 */
const realErrors = (errors: string[]) => errors.filter((e) => !/favicon/.test(e) && !/^Failed to load resource: .* 404 /.test(e));

test("IndexedDB checkpoints: resume after a page reload is bit-identical; Node and browser checkpoints load in each other", { skip: skip ?? false, timeout: 240_000 }, async () => {
  const { resumeRun } = await importFromRepo(RUN_MODULE);
  const dir = mkdtempSync(join(tmpdir(), "fulgur-browser-ckpt-"));
  try {
    // Node: the same run uninterrupted, saved through node:fs, and resumed from that file.
    const io = new fulgur.FsCheckpointIO();
    const nodePath = join(dir, "node", "mid.ckpt");
    const nodeFull = await resumeRun(fulgur, { io });
    await resumeRun(fulgur, { io, saveAt: SAVE_AT, savePath: nodePath });
    const nodeResumed = await resumeRun(fulgur, { io, resumeFrom: nodePath });
    assert.equal(nodeResumed.trained, 10 - SAVE_AT, "the resumed run continues after the saved batch");
    assert.deepEqual(nodeResumed.params, nodeFull.params, "Node resume");
    const nodeText = readFileSync(nodePath, "utf8");

    // A plain-text document of the server's origin: IndexedDB and the bundle's origin, no demo running.
    await withPage("/dist/fulgur.browser.mjs", async (page, pageErrors) => {
      const first = await inPage(page, `
        await new Promise((done) => { const q = indexedDB.deleteDatabase("fulgur-checkpoints"); q.onsuccess = q.onerror = q.onblocked = done; });
        const full = await resumeRun(fulgur, {});
        const saved = await resumeRun(fulgur, { saveAt: ${SAVE_AT}, savePath: "run/mid.ckpt" });
        const idb = new fulgur.IndexedDBCheckpointIO();
        return {
          full: full.params, saved: saved.params, steps: full.globalStep,
          defaultIsIndexedDB: saved.trainer.checkpointIO instanceof fulgur.IndexedDBCheckpointIO,
          listed: await idb.list("run"), top: await idb.list("."), exists: await idb.exists("./run//mid.ckpt"),
        };`);
      assert.deepEqual(realErrors(pageErrors), []);
      assert.equal(first.steps, 10);
      assert.equal(first.defaultIsIndexedDB, true, "a browser Trainer stores string paths in IndexedDB");
      assert.deepEqual(first.saved, first.full, "saving must not change the run");
      assert.deepEqual(first.full, nodeFull.params, "Chromium and Node train to the same bits");
      assert.deepEqual(first.listed, ["mid.ckpt"]);
      assert.deepEqual(first.top, ["run"]);
      assert.equal(first.exists, true);

      // A new JS context: only IndexedDB carries the checkpoint over.
      await page.reload();
      const second = await inPage(page, `
        if (window.__fulgurRanBefore) throw new Error("the page did not reload");
        window.__fulgurRanBefore = true;
        const resumed = await resumeRun(fulgur, { resumeFrom: "run/mid.ckpt" });
        const full = await resumeRun(fulgur, {});
        const idb = new fulgur.IndexedDBCheckpointIO();
        await idb.write("node/mid.ckpt", arg.nodeText);
        const fromNode = await resumeRun(fulgur, { resumeFrom: "node/mid.ckpt" });
        await resumed.trainer.saveCheckpoint("run/final.ckpt");
        window.__trainer = resumed.trainer;
        return {
          resumed: resumed.params, steps: resumed.globalStep, trained: [resumed.trained, fromNode.trained], full: full.params, fromNode: fromNode.params,
          browserText: await idb.read("run/mid.ckpt"), finalText: await idb.read("run/final.ckpt"),
        };`, { nodeText });
      assert.deepEqual(realErrors(pageErrors), []);
      assert.equal(second.steps, 10);
      assert.deepEqual(second.trained, [10 - SAVE_AT, 10 - SAVE_AT], "the resumed runs continue after the saved batch");
      assert.deepEqual(second.resumed, second.full, "resumed from IndexedDB = uninterrupted run in the same page");
      assert.deepEqual(second.resumed, first.full);
      assert.deepEqual(second.fromNode, nodeFull.params, "a Node (fs) checkpoint resumes in the browser");

      // The browser's checkpoint resumes in Node.
      const browserPath = join(dir, "browser", "mid.ckpt");
      await io.write(browserPath, second.browserText);
      assert.deepEqual((await resumeRun(fulgur, { io, resumeFrom: browserPath })).params, nodeFull.params, "a browser checkpoint resumes in Node");

      // downloadCheckpoint: the stored bytes, and a trainer's checkpoint as saveCheckpoint writes it.
      const stored = await downloaded(page, () => inPage(page, `return fulgur.downloadCheckpoint(await new fulgur.IndexedDBCheckpointIO().read("run/mid.ckpt"), { filename: "mid.ckpt" });`));
      assert.equal(stored.name, "mid.ckpt");
      assert.equal(stored.text, second.browserText);
      const fromTrainer = await downloaded(page, () => inPage(page, `return fulgur.downloadCheckpoint(window.__trainer);`));
      assert.equal(fromTrainer.name, "last.ckpt");
      assert.equal(fromTrainer.text, second.finalText);

      // remove, and the error for a path with nothing behind it.
      const removed = await inPage(page, `
        const idb = new fulgur.IndexedDBCheckpointIO();
        await idb.remove("run/mid.ckpt");
        const error = await idb.read("run/mid.ckpt").then(() => null, (e) => ({ name: e.name, fulgur: e instanceof fulgur.FulgurError, message: e.message }));
        return { exists: await idb.exists("run/mid.ckpt"), listed: await idb.list("run"), error };`);
      assert.equal(removed.exists, false);
      assert.deepEqual(removed.listed, ["final.ckpt"]);
      assert.equal(removed.error?.name, "CheckpointNotFoundError");
      assert.equal(removed.error?.fulgur, true);
      assert.match(removed.error?.message, /no checkpoint file at run\/mid\.ckpt/);

      // A write cut off by a reload leaves the old file or the new one, never a mix.
      const old = second.finalText;
      const big = old.replace(/\}$/, `,"padding":"${"x".repeat(8 << 20)}"}`);
      await Promise.all([
        page.waitForEvent("load", { timeout: 60_000 }),
        inPage(page, `
          const idb = new fulgur.IndexedDBCheckpointIO();
          await idb.write("run/atomic.ckpt", arg.old);
          void idb.write("run/atomic.ckpt", arg.big);
          location.reload();
          return null;`, { old, big }).catch(() => null),
      ]);
      const after = await inPage(page, `
        const text = await new fulgur.IndexedDBCheckpointIO().read("run/atomic.ckpt");
        return { length: text.length, parses: fulgur.parseCheckpoint(text, "atomic.ckpt").globalStep };`);
      assert.ok(after.length === old.length || after.length === big.length, `a torn write: ${after.length} chars`);
      assert.equal(after.parses, 10);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
