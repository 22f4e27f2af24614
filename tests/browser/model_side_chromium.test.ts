// The model side in Chromium (issues 15, 16, 19): tests/browser/harness bundled for the browser and
// run in one page load on fulgur-wasm — the torch 1.13 fixtures of the tensor API (forward,
// gradients, double backward, Hessian-vector products), the nn layers and losses (conv, norms, dropout,
// embedding, LSTM/GRU/RNN, attention, transformer), conv/pool, the random generator (bit-exact),
// the WGAN-GP and MAML examples at their CI size with their Node tests' figures — and a digest
// (a conv net and a transformer block trained a few steps) whose hash must equal Node's here.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { importFromRepo, notOnNodeReason, repo } from "../runtimes/support.ts";
import { CHROMIUM, withPage } from "../runtimes/chromium.ts";
import { init } from "../../ts/index.node.ts";
import { digestRun } from "./harness/digest.ts";
import type { Report } from "./harness/sections.ts";
import aFixture from "../tensor/fixtures/a_ops.json" with { type: "json" };
import bFixture from "../tensor/fixtures/b_ops.json" with { type: "json" };
import layersFixture from "../nn/fixtures/layers.json" with { type: "json" };
import rnnAttn from "../nn/fixtures/rnn_attn.json" with { type: "json" };
import convFixture from "../conv/fixtures/conv.json" with { type: "json" };
import lossesFixture from "../nn/fixtures/losses.json" with { type: "json" };
import netsFixture from "../nn/fixtures/nn.json" with { type: "json" };
import penaltyFixture from "../tensor/fixtures/b_penalty.json" with { type: "json" };
import dtypesFixture from "../tensor/fixtures/b_dtypes.json" with { type: "json" };
import randomFixture from "../random/fixtures/random.json" with { type: "json" };

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (.ci/run installs chromium)`);

const OUT = join("build", "browser_harness", String(process.pid));

/** Maps the Node-only imports of the shared fixture helpers onto the harness's browser versions. */
const browserPlugin = {
  name: "fulgur-browser-harness",
  setup(build: any) {
    const abs = (p: string) => resolve(repo, p);
    build.onResolve({ filter: /^node:assert(\/strict)?$/ }, () => ({ path: abs("tests/browser/harness/assert_shim.ts") }));
    build.onResolve({ filter: /(compare|index\.node)\.ts$/ }, (args: any) => {
      const target = resolve(args.resolveDir, args.path);
      if (target === abs("tests/autograd/compare.ts")) return { path: abs("tests/browser/harness/compare_report.ts") };
      if (target === abs("ts/index.node.ts")) return { path: abs("ts/index.browser.ts") };
      return undefined;
    });
  },
};

let report: Report & { backend: string };
let pageErrors: string[] = [];

async function runPage(): Promise<void> {
  const { bundleBrowser, browserOptions } = await importFromRepo("scripts/bundle.mjs");
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  await bundleBrowser({ page: "tests/browser/harness/page.ts" }, OUT, { plugins: [...browserOptions.plugins, browserPlugin] });
  writeFileSync(join(OUT, "index.html"), '<!doctype html><link rel="icon" href="data:,"><script type="module" src="page.mjs"></script>\n');
  try {
    await withPage("/harness/index.html", async (page, errors) => {
      await page.waitForFunction("globalThis.fulgurHarness !== undefined", null, { timeout: 30_000 });
      report = await page.evaluate("globalThis.fulgurHarness.run()");
      pageErrors = errors;
    }, { "/harness/": OUT });
  } finally {
    rmSync(OUT, { recursive: true, force: true });
  }
}

if (!skip) before(runPage, { timeout: 240_000 });

/** The number of checks each section makes: one per fixture case (and per extra check it runs). */
const EXPECTED: Record<string, number> = {
  tensor: aFixture.grad.length + aFixture.forward.length + aFixture.creation.length + aFixture.double.length + aFixture.hvp.length + bFixture.cases.length +
    penaltyFixture.cases.length + dtypesFixture.rows.length,
  layers: layersFixture.cases.length + layersFixture.inits.length + layersFixture.dropout.length + lossesFixture.cases.length + netsFixture.cases.length +
    rnnAttn.cases.length + rnnAttn.sdpa.length + rnnAttn.inits.length + rnnAttn.dropout_layers.length + 2,
  conv: convFixture.cases.length,
  random: randomFixture.cases.length + 3,
  examples: 7,
  digest: 1,
};

function expectSection(name: string): void {
  const s = report.sections[name];
  assert.ok(s, `section ${name} did not run in the page`);
  const first = s.failures.map((f) => `  ${f.case}: ${f.message}`).join("\n");
  assert.equal(s.fail, 0, `Chromium, ${name}: ${s.fail} of ${s.pass + s.fail} failed (${s.skipped} skipped); first failures:\n${first}`);
  // a section that silently stopped running its cases fails here
  assert.equal(s.pass + s.skipped, EXPECTED[name], `Chromium, ${name}: ${s.pass} passed and ${s.skipped} skipped of ${EXPECTED[name]} checks`);
  console.log(`chromium ${name}: ${s.pass} passed, ${s.skipped} skipped (not registered on fulgur-wasm), ${s.ms} ms`);
}

describe("model side in Chromium (fulgur-wasm, one page load)", { skip: skip ?? false }, () => {
  test("the page ran on fulgur-wasm without errors", () => {
    assert.equal(report.backend, "fulgur-wasm");
    assert.deepEqual(pageErrors, []);
  });
  test("tensor API A and B vs torch 1.13: forward, gradients, double backward, Hessian-vector products, gradient penalty, dtype promotion", () => expectSection("tensor"));
  test("nn layers, losses and small nets vs torch 1.13: conv, norms, dropout, embedding, LSTM/GRU/RNN, attention, transformer", () => expectSection("layers"));
  test("conv and pooling vs torch 1.13: forward, gradients, double backward", () => expectSection("conv"));
  test("torch's CPU generator, bit for bit", () => expectSection("random"));
  test("WGAN-GP and MAML examples at CI size: the Node tests' figures", () => expectSection("examples"));
  test("digest: the same bits in Chromium as in Node", async () => {
    expectSection("digest");
    await init({ backend: "fulgur-wasm" });
    const node = digestRun();
    const chromium = report.digest!;
    assert.match(node.hash, /^[0-9a-f]{8}$/);
    assert.ok(node.convLosses.at(-1)! < node.convLosses[0], `conv net loss did not fall: ${node.convLosses}`);
    assert.ok(node.transformerLosses.at(-1)! < node.transformerLosses[0], `transformer loss did not fall: ${node.transformerLosses}`);
    assert.deepEqual(chromium.convLosses, node.convLosses, "conv net losses");
    assert.deepEqual(chromium.transformerLosses, node.transformerLosses, "transformer block losses");
    assert.equal(chromium.hash, node.hash, "parameter hash");
  });
});
