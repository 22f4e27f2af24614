// init({ threads: 1 }) called in the importing module's synchronous start: the default pool is
// never started (no worker spawned), and an explicit count later spawns exactly its workers.
import { spawns } from "./count_spawns.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { getNumThreads, init, shutdownThreads } from "../../ts/index.node.ts";

const chosen = init({ threads: 1 });

test("init({ threads: 1 }) at start-up spawns no worker", { timeout: 120_000 }, async () => {
  await chosen;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(getNumThreads(), 1);
  assert.equal(spawns.count, 0, "a worker was spawned although one thread was asked for at start-up");
  await init({ threads: 3 });
  assert.equal(getNumThreads(), 3);
  assert.equal(spawns.count, 2);
  shutdownThreads();
});
