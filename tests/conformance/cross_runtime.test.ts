// Every public scenario on Node, Deno, Bun and Chromium (fulgur-wasm backend): all must pass,
// and the digest of everything each run recorded must be the same on every runtime —
// bit-identical losses, lrs and parameters. Spawns the runtimes, so it runs from Node only.
// Chromium (Debian's /usr/bin/chromium) is left out, with a note, only where it is not installed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const onNode = typeof (globalThis as { Deno?: unknown }).Deno === "undefined" && !(process.versions as { bun?: string }).bun;
const CHROMIUM = "/usr/bin/chromium";

test("public scenarios give bit-identical results on Node, Deno, Bun and Chromium, and on 1, 2 and 3 threads", { skip: onNode ? false : "spawns runtimes: run from Node", timeout: 600_000 }, (t) => {
  const runtimes = ["node", "deno", "bun"];
  if (existsSync(CHROMIUM)) runtimes.push("chromium");
  else t.diagnostic(`chromium not compared: ${CHROMIUM} is absent`);
  const dir = mkdtempSync(join(tmpdir(), "fulgur-digests-"));
  try {
    const digests: Record<string, Record<string, string>> = {};
    // init({ threads }) must not change a bit either: the plain runs use the default (the cores,
    // small ops on the calling thread), threads=1 none, threads=2/3 split every matmul and
    // optimizer step (tools/conformance/main.ts --threads), on each server runtime.
    const runs = [...runtimes.map((r) => [r, r, []]), ["node", "node threads=1", ["--threads", "1"]], ["node", "node threads=2", ["--threads", "2"]],
      ["node", "node threads=3", ["--threads", "3"]], ["deno", "deno threads=2", ["--threads", "2"]],
      ["bun", "bun threads=3", ["--threads", "3"]]] as [string, string, string[]][];
    for (const [runtime, label, extra] of runs) {
      const out = join(dir, `${label.replace(/\W/g, "_")}.json`);
      const r = spawnSync(process.execPath, ["tools/conformance/run.mjs", "--runtime", runtime, ...extra, "--digest-out", out], { encoding: "utf8", maxBuffer: 64 << 20 });
      const last = r.stdout.trim().split("\n").pop();
      assert.equal(r.status, 0, `${label}: conformance failed: ${last}\n${r.stderr.slice(-2000)}`);
      assert.match(last ?? "", /^\d+ passed, 0 failed, 0 skipped$/, `${label}: ${last}`);
      digests[label] = JSON.parse(readFileSync(out, "utf8"));
    }
    const names = Object.keys(digests.node);
    assert.ok(names.length >= 30, `only ${names.length} scenarios recorded a digest`);
    for (const runtime of Object.keys(digests).slice(1)) {
      assert.deepEqual(Object.keys(digests[runtime]).sort(), [...names].sort(), `${runtime} recorded digests for other scenarios than node`);
      for (const name of names) {
        assert.equal(digests[runtime][name], digests.node[name], `${name}: ${runtime} differs from node`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
