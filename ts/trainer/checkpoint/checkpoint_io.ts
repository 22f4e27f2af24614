// Where checkpoints (and logger files) are written: a small interface so the trainer does not
// care whether it is a file system (Node, Deno, Bun: ./fs_checkpoint_io.ts) or memory.
// `write` must be atomic: a reader sees the old file or the new one, never a half-written one.
import { CheckpointNotFoundError } from "./errors.ts";

export interface CheckpointIO {
  write(path: string, text: string): Promise<void>;
  read(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  remove(path: string): Promise<void>;
  /** Names (not paths) of the entries of a directory; [] when it does not exist. */
  list(dir: string): Promise<string[]>;
}

/** Joins path parts with "/" (every runtime's file API accepts it), dropping empty parts. */
export function joinPath(...parts: string[]): string {
  const kept = parts.filter((p) => p !== "");
  return kept.map((p, i) => (i === 0 ? p.replace(/\/+$/, "") : p.replace(/^\/+|\/+$/g, ""))).join("/") || ".";
}

export function dirName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}

/** Keeps files in a Map: for browsers without a file system, and for tests. */
export class MemoryCheckpointIO implements CheckpointIO {
  readonly files = new Map<string, string>();

  async write(path: string, text: string): Promise<void> {
    this.files.set(path, text);
  }

  async read(path: string): Promise<string> {
    const text = this.files.get(path);
    if (text === undefined) throw new CheckpointNotFoundError(`no checkpoint file at ${path}`);
    return text;
  }

  async exists(path: string): Promise<boolean> {
    return this.files.has(path);
  }

  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }

  async list(dir: string): Promise<string[]> {
    const prefix = dir.replace(/\/+$/, "") + "/";
    const names = new Set<string>();
    for (const p of this.files.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]);
    return [...names];
  }
}
