// Threads by default: init() without `threads` runs the cores the runtime reports (at most 8),
// started at import; 0 means the same; shutdownThreads() stops the pool and a later init() does
// not restart it; a worker that fails to start leaves one thread and one line of warning.
import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { getNumThreads, init, shutdownThreads } from "../../ts/index.node.ts";
import { fulgurWasmBytes, MAX_DEFAULT_THREADS, setThreads, usesSharedMemory } from "../../ts/backend/threads/start.ts";
import { nodeThreadHost } from "../../ts/runtime/threads_node.ts";
import { loadWasmBytes } from "../../ts/runtime/node.ts";
import type { ThreadHost } from "../../ts/backend/threads/host.ts";

// Bun's default 5 s per test is too short on a loaded 2-core machine.
const SLOW = { timeout: 120_000 };
const expected = Math.min(MAX_DEFAULT_THREADS, availableParallelism());

test("init() runs the cores reported, at most 8, on shared memory from import", SLOW, async () => {
  assert.equal(MAX_DEFAULT_THREADS, 8);
  assert.equal(await init().then(getNumThreads), expected);
  if (expected > 1) assert.ok(usesSharedMemory(), "the default moved to shared memory at import");
  assert.equal(await init({ threads: 0 }).then(getNumThreads), expected, "threads: 0 is the default");
});

test("shutdownThreads() stops the pool; init() without threads keeps it stopped; init({ threads }) restarts it", SLOW, async () => {
  shutdownThreads();
  assert.equal(getNumThreads(), 1);
  await init();
  assert.equal(getNumThreads(), 1);
  await init({ threads: 2 });
  assert.equal(getNumThreads(), 2);
  await init({ threads: 1 });
  assert.equal(getNumThreads(), 1);
});

test("a worker that fails to start: one thread, one line of warning", SLOW, async () => {
  // a real worker whose code throws before it says "ready"
  const failing: ThreadHost = { ...nodeThreadHost, spawn: () => nodeThreadHost.spawn('throw new Error("no start for this test")') };
  const lines: string[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]) => void lines.push(a.map(String).join(" "));
  try {
    assert.equal(await setThreads(3, failing, () => fulgurWasmBytes(loadWasmBytes)), 1);
  } finally {
    console.warn = warn;
  }
  assert.equal(getNumThreads(), 1);
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.match(lines[0], /^fulgur: running on 1 thread \(3 requested\): a pool worker failed to start \(.*no start for this test/);
  assert.doesNotMatch(lines[0], /\n/);
  await init({ threads: 2 }); // the runtime's own host still starts workers
  assert.equal(getNumThreads(), 2);
  shutdownThreads();
});
