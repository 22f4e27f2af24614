// Shared by the runtime tests: they drive real binaries (node, deno, bun, chromium) against
// the built dist/ bundles, so they run under `node --test` only and build dist/ when stale.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

declare const Deno: unknown;

/** Why these tests cannot run here, or null on Node (they spawn the other runtimes themselves). */
export function notOnNodeReason(): string | null {
  if (typeof Deno !== "undefined") return "runtime tests spawn the runtimes from Node: skipped under Deno";
  if ((process.versions as Record<string, string | undefined>).bun) return "runtime tests spawn the runtimes from Node: skipped under Bun";
  return null;
}

/** Test bundles run from build/tests/<pid>/, and scripts/test.mjs runs them from the repository root. */
export const repo = process.cwd();
export const bin = (name: string) => join(repo, "node_modules", ".bin", name);

/** Imports a repository file at run time (kept out of the test bundle: its paths are its own). */
export function importFromRepo<T = any>(path: string): Promise<T> {
  const url = pathToFileURL(join(repo, path)).href;
  return import(url);
}

/** The newest modification time under a path (0 when it does not exist). */
export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs fn holding build/dist.lock: test files run in parallel, and the runtime and package tests
 * all build dist/, so one builds while the others wait. A lock older than 5 minutes belongs to a
 * build that died (one limit for every holder, so no build's live lock is taken for a dead one).
 */
export async function withDistLock<T>(fn: () => T): Promise<T> {
  const lock = join(repo, "build", "dist.lock");
  mkdirSync(join(repo, "build"), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmdirSync(lock);
      } catch {
        // released meanwhile
      }
      if (waited > 360_000) throw new Error(`dist/ build lock ${lock} held for 6 minutes`);
      await sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
  }
}

/** Builds dist/ (bundles, wasm, demo; no .d.ts) unless it is newer than every source. */
export async function ensureDist(): Promise<void> {
  await withDistLock(() => {
    const sources = Math.max(...["ts", "examples/browser", "examples/data", "build/fulgur.wasm", "scripts/build.mjs", "scripts/bundle.mjs"].map((p) => newestMtime(join(repo, p))));
    const built = Math.min(...["dist/fulgur.node.mjs", "dist/fulgur.deno.mjs", "dist/fulgur.browser.mjs", "dist/fulgur.wasm", "dist/demo/main.mjs"].map((p) => (existsSync(join(repo, p)) ? statSync(join(repo, p)).mtimeMs : 0)));
    if (built < sources) {
      execFileSync(process.execPath, ["scripts/build.mjs", "--no-types", "--demo"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
    }
  });
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repository root and returns its output. */
export function run(cmd: string, args: string[], timeoutMs = 120_000): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: repo,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? String(r.error ?? "") };
}
