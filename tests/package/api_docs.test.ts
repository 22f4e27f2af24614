// The API reference (docs/REFERENCE.md) is generated from the TSDoc of every public export by
// scripts/api_docs.mjs (the TypeScript compiler API over the sources): this fails when the file is
// stale (an export added, removed, re-signed or re-documented without regenerating it) or when a
// public export has no TSDoc summary. PENDING names the exports whose file other work had open
// when the reference was introduced (ts/nn/pooling.ts); it may only shrink: a name that gains a
// summary must leave it, and any other export without one fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { notOnNodeReason, repo, run } from "./support.ts";

const skip = notOnNodeReason() ?? undefined;

const PENDING = [
  "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d",
];

test("docs/REFERENCE.md is current and every public export has a TSDoc summary", { skip, timeout: 300_000 }, () => {
  const r = run(process.execPath, ["scripts/api_docs.mjs", "--check"], repo, 300_000);
  const report = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as { stale: boolean; exports: number; missing: string[] };
  assert.equal(report.stale, false, "docs/REFERENCE.md is stale: run node scripts/api_docs.mjs");
  assert.equal(r.status, 0, r.stderr);
  assert.ok(report.exports > 400, `${report.exports} exports`);
  const undocumented = report.missing.filter((n) => !PENDING.includes(n));
  assert.deepEqual(undocumented, [], "public exports without a TSDoc summary (add a /** ... */ comment in the sources)");
  const documented = PENDING.filter((n) => !report.missing.includes(n));
  assert.deepEqual(documented, [], "these have a summary now: remove them from PENDING");
});
