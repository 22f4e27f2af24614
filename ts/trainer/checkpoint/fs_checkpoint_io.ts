// CheckpointIO over node:fs, which Node, Deno and Bun all provide. node:fs is imported
// lazily through a computed specifier so browser bundles never try to resolve it.
import type { CheckpointIO } from "./checkpoint_io.ts";
import { dirName } from "./checkpoint_io.ts";
import { IndexedDBCheckpointIO, hasIndexedDB } from "./indexeddb_checkpoint_io.ts";

type FsPromises = typeof import("node:fs/promises");
let fsPromise: Promise<FsPromises> | null = null;

function fs(): Promise<FsPromises> {
  const specifier = "node:fs/promises";
  fsPromise ??= import(/* @vite-ignore */ specifier) as Promise<FsPromises>;
  return fsPromise;
}

/** True where node:fs exists (Node, Deno, Bun); false in browsers. */
export function hasNodeFs(): boolean {
  const g = globalThis as any;
  return typeof g.Deno !== "undefined" || typeof g.Bun !== "undefined" || typeof g.process?.versions?.node === "string";
}

let tmpCounter = 0;
/** Base names of the temp files this process is writing now (never removed as orphans). */
const inFlight = new Set<string>();
/** A temp file of `write`: `<target>.tmp-<pid>-<n>`. */
const TMP_NAME = /\.tmp-\d+-\d+$/;

/** Checkpoint files on the file system (Node, Deno, Bun): Lightning's TorchCheckpointIO for fulgur's formats. */
export class FsCheckpointIO implements CheckpointIO {
  /** Writes a temp file in the same directory, flushes it to disk, then renames it over `path`. */
  async write(path: string, text: string): Promise<void> {
    await this.writeData(path, text);
  }

  async writeBytes(path: string, bytes: Uint8Array): Promise<void> {
    await this.writeData(path, bytes);
  }

  async readBytes(path: string): Promise<Uint8Array> {
    const buf = await (await fs()).readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private async writeData(path: string, data: string | Uint8Array): Promise<void> {
    const f = await fs();
    await f.mkdir(dirName(path), { recursive: true });
    const pid = (globalThis as any).process?.pid ?? 0;
    const tmp = `${path}.tmp-${pid}-${tmpCounter++}`;
    const base = tmp.slice(tmp.lastIndexOf("/") + 1);
    inFlight.add(base);
    try {
      await this.writeTmp(f, tmp, path, data);
    } finally {
      inFlight.delete(base);
    }
    await removeOrphans(f, dirName(path));
  }

  private async writeTmp(f: FsPromises, tmp: string, path: string, data: string | Uint8Array): Promise<void> {
    const handle = await f.open(tmp, "w");
    try {
      if (typeof data === "string") await handle.writeFile(data, "utf8");
      else await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await f.rename(tmp, path);
    } catch (e) {
      await f.rm(tmp, { force: true });
      throw e;
    }
  }

  async read(path: string): Promise<string> {
    return (await fs()).readFile(path, "utf8");
  }

  async exists(path: string): Promise<boolean> {
    try {
      await (await fs()).stat(path);
      return true;
    } catch {
      return false;
    }
  }

  async remove(path: string): Promise<void> {
    await (await fs()).rm(path, { force: true });
  }

  async list(dir: string): Promise<string[]> {
    try {
      return await (await fs()).readdir(dir);
    } catch {
      return [];
    }
  }
}

/**
 * Removes the temp files of writes that never finished (a process killed mid-save leaves a
 * `.tmp-*` file beside the checkpoint); the writes under way in this process are kept.
 */
async function removeOrphans(f: FsPromises, dir: string): Promise<void> {
  let names: string[];
  try {
    names = await f.readdir(dir);
  } catch {
    return;
  }
  const prefix = dir === "." ? "" : dir.endsWith("/") ? dir : `${dir}/`;
  for (const n of names) {
    if (!TMP_NAME.test(n) || inFlight.has(n)) continue;
    await f.rm(prefix + n, { force: true }).catch(() => undefined);
  }
}

/** The IO a Trainer uses when none is given: the file system, else (browsers) IndexedDB. */
export function defaultCheckpointIO(): CheckpointIO | null {
  if (hasNodeFs()) return new FsCheckpointIO();
  return hasIndexedDB() ? new IndexedDBCheckpointIO() : null;
}
