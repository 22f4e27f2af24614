// Memory: throw-away models are freed (by dispose(), and by the GC through FinalizationRegistry
// where the runtime lets a test force a collection), and a tensor too large for WASM memory gets
// a named OutOfMemoryError naming its shape and size, after which the process goes on.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Linear } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam } from "../../ts/optim/index.ts";
import { DataLoader, LightningModule, Trainer, setWarningSink } from "../../ts/index.ts";
import { zeros, tensor } from "../../ts/autograd/index.ts";
import { fulgurWasm } from "../../ts/backend/wasm_module.ts";

before(async () => { await init(); setWarningSink(() => {}); });

class Wide extends LightningModule {
  net = new Linear(512, 512);
  trainingStep(batch: any): any { return mseLoss(this.net.call(batch.x), batch.x); }
  configureOptimizers(): any { return new Adam(this.parameters(), { lr: 1e-3 }); }
}

const rows = Array.from({ length: 16 }, (_, i) => Array.from({ length: 512 }, (_, j) => Math.sin(i * 512 + j)));
const loader = () => new DataLoader({ x: rows }, { batchSize: 8 });
const wasmBytes = () => fulgurWasm().memory.buffer.byteLength;
const MB = 2 ** 20;

/** A function that forces a full collection, where the runtime offers one. */
async function findGc(): Promise<(() => void) | null> {
  const g = globalThis as any;
  if (typeof g.gc === "function") return () => g.gc();
  if (typeof g.Bun?.gc === "function") return () => g.Bun.gc(true);
  if (typeof g.Deno !== "undefined") return null;
  try {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    return typeof gc === "function" ? gc : null;
  } catch {
    return null;
  }
}

async function collect(gc: () => void): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 0)); // finalizers run after the collection
  }
}

async function fitOnce(disposeAfter: boolean): Promise<void> {
  const m = new Wide();
  const t = new Trainer({ maxEpochs: 1, enableProgressBar: false, enableModelSummary: false, logger: false });
  await t.fit(m, loader());
  if (disposeAfter) {
    t.dispose();
    m.dispose();
  }
}

test("200 throw-away Linear(512, 512) + Adam fits with dispose() keep WASM memory flat", { timeout: 180_000 }, async () => {
  await fitOnce(true);
  const start = wasmBytes();
  for (let i = 0; i < 200; i++) await fitOnce(true);
  // one model with Adam and gradients is ~4 MB; 200 of them leaked would be ~800 MB
  console.log(`dispose path: WASM memory grew by ${((wasmBytes() - start) / MB).toFixed(1)} MB`);
  assert.ok(wasmBytes() - start <= 24 * MB, `WASM memory grew by ${((wasmBytes() - start) / MB).toFixed(1)} MB`);
});

test("without dispose(), what the GC proves unreachable is freed (FinalizationRegistry)", { timeout: 180_000 }, async (t) => {
  const gc = await findGc();
  if (gc === null) {
    t.skip("this runtime offers no way to force a collection");
    return;
  }
  await fitOnce(false);
  await collect(gc);
  const start = wasmBytes();
  for (let i = 0; i < 200; i++) {
    await fitOnce(false);
    if (i % 5 === 4) await collect(gc);
  }
  await collect(gc);
  console.log(`GC path: WASM memory grew by ${((wasmBytes() - start) / MB).toFixed(1)} MB`);
  assert.ok(wasmBytes() - start <= 64 * MB, `WASM memory grew by ${((wasmBytes() - start) / MB).toFixed(1)} MB`);
});

test("a tensor too large for memory is a named OutOfMemoryError with its shape and bytes; the process goes on", () => {
  assert.throws(() => new Linear(20000, 20000), { name: "OutOfMemoryError", message: /a tensor of shape \[20000, 20000\] needs 1600000000 bytes \(1\.49 GiB\)/ });
  assert.throws(() => zeros([1e6, 1e6]), { name: "OutOfMemoryError", message: /a tensor of shape \[1000000, 1000000\] needs 4000000000000 bytes/ });
  const after = tensor([1.5, 2.5]).mul(2);
  assert.deepEqual(Array.from(after.dataSync() as Float32Array), [3, 5]);
  const m = new Linear(4, 4);
  assert.deepEqual(m.call(zeros([2, 4])).shape, [2, 4]);
});
