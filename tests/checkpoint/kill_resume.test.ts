// Train in a child process that writes a checkpoint every 2 steps, SIGKILL it once one exists,
// resume from the newest checkpoint in a second child: final parameters are bit-identical to
// an uninterrupted child's. Node only (child processes + node:fs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const otherRuntime = typeof (globalThis as any).Deno !== "undefined" || !!(process.versions as any).bun;

function hashOf(out: string): string {
  const line = out.split("\n").find((l) => l.startsWith("HASH "));
  assert.ok(line, `child printed no hash:\n${out}`);
  return line!.slice(5);
}

const checkpoints = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ckpt")) : []);
const stepOf = (f: string) => Number(/step=(\d+)/.exec(f)![1]);

test("a SIGKILLed run resumed from its last checkpoint ends bit-identical to an uninterrupted run", { skip: otherRuntime, timeout: 120_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), "fulgur-kill-"));
  try {
    // computed specifier: the bundler must not pull esbuild into this test bundle
    const bundler = join(process.cwd(), "scripts", "bundle.mjs");
    const { bundle } = await import(pathToFileURL(bundler).href);
    await bundle({ kill_child: join(process.cwd(), "tests", "checkpoint", "kill_child.ts") }, tmp);
    const script = join(tmp, "kill_child.mjs");
    const ckDir = join(tmp, "ck");

    const full = spawnSync(process.execPath, [script, "full", ckDir], { encoding: "utf8" });
    assert.equal(full.status, 0, full.stderr);

    const child = spawn(process.execPath, [script, "save", ckDir], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (checkpoints(ckDir).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    const code = await exited;
    assert.equal(code, null, "the child must have been killed mid-run, not have finished");
    const saved = checkpoints(ckDir).sort((a, b) => stepOf(b) - stepOf(a));
    assert.ok(saved.length >= 2, "a checkpoint was written before the kill");

    const resumed = spawnSync(process.execPath, [script, "resume", ckDir, join(ckDir, saved[0])], { encoding: "utf8" });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(hashOf(resumed.stdout), hashOf(full.stdout));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
