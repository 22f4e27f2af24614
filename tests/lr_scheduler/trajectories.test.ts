// Every recorded torch 1.13 trajectory replayed through createScheduler and compared
// bit for bit: lrs after construction and after every step (plus momentum / betas[0]).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { actionsOf, act, assertSameSnapshot, buildScheduler, cases, loadWasm, snapshot, standInOptimizer } from "./helpers.ts";

before(loadWasm);

describe("lr schedulers reproduce torch 1.13 exactly", () => {
  for (const c of cases) {
    if (!c.record) continue;
    test(c.name, () => {
      const opt = standInOptimizer(c.optimizer, c.groups);
      const s = buildScheduler(c.scheduler, opt);
      const record = c.record!;
      assertSameSnapshot(snapshot(s, opt), record[0]!, `${c.name} after construction`);
      const actions = actionsOf(c);
      for (let k = 1; k < record.length; k++) {
        act(s, actions[k - 1]!);
        assertSameSnapshot(snapshot(s, opt), record[k]!, `${c.name} after step ${k} (${actions[k - 1]})`);
      }
      if (c.step_error) {
        // torch raised on the next step; we must raise the same error there
        assert.throws(() => act(s, actions[record.length - 1]!), (e: Error) => `${e.name}: ${e.message}` === c.step_error!.error);
      }
    });
  }
});
