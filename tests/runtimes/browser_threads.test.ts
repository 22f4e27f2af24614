// Threads in Chromium. A page's main thread may not block in Atomics.wait, so fulgur stays on one
// thread there (and says so once); in a dedicated Web Worker of a cross-origin isolated page (the
// demo server sends COOP/COEP) the pool runs: the default is the cores reported, and 1, 2 and 3
// threads give the digest Node gives on one thread. Without isolation the worker runs on one
// thread and says why, once. tests/browser/threads/ holds the page and the worker.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFromRepo, notOnNodeReason } from "./support.ts";
import { CHROMIUM, withPage } from "./chromium.ts";
import { init } from "../../ts/index.node.ts";
import { trainDigest } from "../browser/threads/train.ts";

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (.ci/run installs chromium)`);
const OUT = join("build", "browser_threads", String(process.pid));

interface Run { asked: number | null; threads: number; digest: string; split: Record<string, number> }
interface Result {
  isolated: boolean;
  main: { threads: number; digest: string; said: string[] };
  worker: { runs: Run[]; said: string[]; isolated: boolean; error?: string };
}

let nodeDigest = "";

if (!skip) {
  before(async () => {
    await init({ threads: 1 });
    nodeDigest = trainDigest();
    const { bundleBrowser } = await importFromRepo("scripts/bundle.mjs");
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    await bundleBrowser({ page: "tests/browser/threads/page.ts", worker: "tests/browser/threads/worker.ts" }, OUT);
    writeFileSync(join(OUT, "index.html"), '<!doctype html><link rel="icon" href="data:,"><script type="module" src="page.mjs"></script>\n');
  }, { timeout: 120_000 });
}

async function runPage(isolated: boolean): Promise<Result> {
  let result: Result | null = null;
  await withPage("/threads/index.html", async (page, errors) => {
    await page.waitForFunction("globalThis.fulgurThreadsTest !== undefined", null, { timeout: 30_000 });
    result = await page.evaluate("globalThis.fulgurThreadsTest()");
    assert.deepEqual(errors, []);
  }, { "/threads/": OUT }, isolated);
  return result!;
}

const oneThreadLines = (said: string[]) => said.filter((l) => l.includes("fulgur: running on 1 thread"));

test("cross-origin isolated: one thread on the page's main thread, the pool in a worker, one digest", { skip: skip ?? false, timeout: 240_000 }, async () => {
  const r = await runPage(true);
  assert.equal(r.isolated, true, "the demo server's COOP/COEP headers isolate the page");
  assert.equal(r.worker.error, undefined, r.worker.error);
  assert.equal(r.main.threads, 1);
  assert.equal(r.main.digest, nodeDigest, "the main thread's digest differs from Node's");
  const mainLines = oneThreadLines(r.main.said);
  assert.equal(mainLines.length, 1, `said once on the main thread: ${JSON.stringify(r.main.said)}`);
  assert.match(mainLines[0], /^info: .*Atomics\.wait/);
  assert.equal(r.worker.isolated, true);
  assert.deepEqual(oneThreadLines(r.worker.said), [], "the worker runs threads without a word");
  const [byDefault, one, two, three] = r.worker.runs;
  assert.ok(byDefault.threads >= 1 && byDefault.threads <= 8, `default: ${byDefault.threads} threads`);
  assert.deepEqual([one.threads, two.threads, three.threads], [1, 2, 3]);
  for (const run of r.worker.runs) assert.equal(run.digest, nodeDigest, `worker, ${run.threads} threads: digest differs from Node's one thread`);
  for (const run of [two, three]) {
    assert.ok((run.split.matmul_f32 ?? 0) + (run.split.matmul_f32_cols ?? 0) > 0, `${run.threads} threads: no matmul was split (${JSON.stringify(run.split)})`);
    assert.ok((run.split.optim_adam ?? 0) > 0, `${run.threads} threads: no Adam step was split (${JSON.stringify(run.split)})`);
  }
});

test("not isolated: one thread everywhere, said once, same digest", { skip: skip ?? false, timeout: 240_000 }, async () => {
  const r = await runPage(false);
  assert.equal(r.isolated, false);
  assert.equal(r.worker.error, undefined, r.worker.error);
  assert.equal(r.main.threads, 1);
  assert.equal(oneThreadLines(r.main.said).length, 1, JSON.stringify(r.main.said));
  assert.match(oneThreadLines(r.main.said)[0], /cross-origin isolated/);
  assert.deepEqual(r.worker.runs.map((x) => x.threads), [1, 1, 1, 1]);
  const lines = oneThreadLines(r.worker.said);
  assert.equal(lines.length, 1, `said once in the worker: ${JSON.stringify(r.worker.said)}`);
  assert.match(lines[0], /cross-origin isolated/);
  for (const run of r.worker.runs) assert.equal(run.digest, nodeDigest);
});
