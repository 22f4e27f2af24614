// The API reference (docs/REFERENCE.md) is generated from the TSDoc of every public export by
// scripts/api_docs.mjs (the TypeScript compiler API over the sources): this fails when the file is
// stale (an export added, removed, re-signed or re-documented without regenerating it) or when a
// public export has no TSDoc summary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { notOnNodeReason, repo, run } from "./support.ts";

const skip = notOnNodeReason() ?? undefined;

test("docs/REFERENCE.md is current and every public export has a TSDoc summary", { skip, timeout: 300_000 }, () => {
  const r = run(process.execPath, ["scripts/api_docs.mjs", "--check"], repo, 300_000);
  const report = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as { stale: boolean; exports: number; missing: string[] };
  assert.equal(report.stale, false, "docs/REFERENCE.md is stale: run node scripts/api_docs.mjs");
  assert.equal(r.status, 0, r.stderr);
  assert.ok(report.exports > 400, `${report.exports} exports`);
  assert.deepEqual(report.missing, [], "public exports without a TSDoc summary (add a /** ... */ comment in the sources)");
});
