// Shared by the package tests: they build dist/ with declarations, pack the npm tarball once and
// install it into one consumer project (build/package/consumer/), which every check reuses.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { newestMtime, withDistLock } from "../runtimes/support.ts";

export { notOnNodeReason } from "../runtimes/support.ts";

export const repo = process.cwd();
export const bin = (name: string) => join(repo, "node_modules", ".bin", name);
export const work = join(repo, "build", "package");
export const consumer = join(work, "consumer");
export const tarball = join(work, "fulgur.tgz");

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], cwd = repo, timeoutMs = 180_000, env: Record<string, string> = {}): RunResult {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env } });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? String(r.error ?? "") };
}

/**
 * dist/ with declarations (rebuilt when a source is newer), the packed tarball, and the consumer
 * project with the tarball installed (npm, offline: the package has no dependencies to fetch).
 */
export async function ensureConsumer(): Promise<void> {
  await withDistLock(() => {
    const sources = Math.max(...["ts", "build/fulgur.wasm", "scripts/build.mjs", "scripts/bundle.mjs", "scripts/bundle_dts.mjs", "package.json"].map((p) => newestMtime(join(repo, p))));
    const built = Math.min(...["dist/fulgur.mjs", "dist/fulgur.browser.mjs", "dist/fulgur.d.ts", "dist/fulgur.browser.d.ts"].map((p) => (existsSync(join(repo, p)) ? statSync(join(repo, p)).mtimeMs : 0)));
    if (built < sources) execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
    const fresh = existsSync(join(consumer, "node_modules", "fulgur", "package.json")) && statSync(tarball).mtimeMs >= Math.max(sources, newestMtime(join(repo, "dist")));
    // The consumer's own files (programs, tsconfigs) are copied every time: cheap, and never stale.
    if (fresh) return void cpSync(join(repo, "tests", "package", "consumer"), consumer, { recursive: true });
    mkdirSync(work, { recursive: true });
    // --ignore-scripts: prepack would build again; dist/ is fresh here.
    const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: repo, encoding: "utf8" }));
    rmSync(tarball, { force: true });
    cpSync(join(work, packed[0].filename), tarball);
    rmSync(join(work, packed[0].filename));
    rmSync(consumer, { recursive: true, force: true });
    cpSync(join(repo, "tests", "package", "consumer"), consumer, { recursive: true });
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", tarball], { cwd: consumer, stdio: ["ignore", "ignore", "inherit"] });
  });
}

/** Bytes and files under a folder. */
export function du(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const s = du(p);
      bytes += s.bytes;
      files += s.files;
    } else if (e.isFile()) {
      bytes += statSync(p).size;
      files += 1;
    }
  }
  return { bytes, files };
}
