// Where checkpoints (and logger files) are written: a small interface so the trainer does not
// care whether it is a file system (Node, Deno, Bun: ./fs_checkpoint_io.ts) or memory.
// `write` must be atomic: a reader sees the old file or the new one, never a half-written one.
import { CheckpointNotFoundError } from "./errors.ts";

/** Where checkpoints are saved and loaded (Lightning's CheckpointIO): a file system, IndexedDB or your own. */
export interface CheckpointIO {
  write(path: string, text: string): Promise<void>;
  read(path: string): Promise<string>;
  /** Binary files (fulgur's binary checkpoints, Lightning `.ckpt`); optional for IOs written before them. Atomic like `write`. */
  writeBytes?(path: string, bytes: Uint8Array): Promise<void>;
  readBytes?(path: string): Promise<Uint8Array>;
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
  /** Text files. */
  readonly files = new Map<string, string>();
  /** Binary files (a path is in one map or the other). */
  readonly binaryFiles = new Map<string, Uint8Array>();

  async write(path: string, text: string): Promise<void> {
    this.binaryFiles.delete(path);
    this.files.set(path, text);
  }

  async read(path: string): Promise<string> {
    const text = this.files.get(path) ?? (this.binaryFiles.has(path) ? new TextDecoder().decode(this.binaryFiles.get(path)) : undefined);
    if (text === undefined) throw new CheckpointNotFoundError(`no checkpoint file at ${path}`);
    return text;
  }

  async writeBytes(path: string, bytes: Uint8Array): Promise<void> {
    this.files.delete(path);
    this.binaryFiles.set(path, bytes.slice());
  }

  async readBytes(path: string): Promise<Uint8Array> {
    const b = this.binaryFiles.get(path);
    if (b !== undefined) return b.slice();
    const text = this.files.get(path);
    if (text === undefined) throw new CheckpointNotFoundError(`no checkpoint file at ${path}`);
    return new TextEncoder().encode(text);
  }

  async exists(path: string): Promise<boolean> {
    return this.files.has(path) || this.binaryFiles.has(path);
  }

  async remove(path: string): Promise<void> {
    this.files.delete(path);
    this.binaryFiles.delete(path);
  }

  async list(dir: string): Promise<string[]> {
    const prefix = dir.replace(/\/+$/, "") + "/";
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.binaryFiles.keys()]) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]);
    return [...names];
  }
}
