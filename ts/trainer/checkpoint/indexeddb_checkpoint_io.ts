// CheckpointIO over IndexedDB, for browsers: one object store, key = normalised path, value =
// the checkpoint text (or bytes). Each write is a single readwrite transaction, which IndexedDB commits
// all-or-nothing: a tab closed or crashed mid-write leaves the previous checkpoint intact.
import type { CheckpointIO } from "./checkpoint_io.ts";
import { CheckpointIOError, CheckpointNotFoundError } from "./errors.ts";

export const DEFAULT_IDB_NAME = "fulgur-checkpoints";
const STORE = "files";

/** IndexedDBCheckpointIO's options: the database name and the IndexedDB factory. */
export interface IndexedDBCheckpointIOOptions {
  /** Database name (one per app is enough; paths separate runs). Default "fulgur-checkpoints". */
  dbName?: string;
  /** The IDBFactory to use; default `globalThis.indexedDB`. */
  factory?: IDBFactory;
}

/** True where IndexedDB exists (browsers, their workers). */
export function hasIndexedDB(): boolean {
  return typeof (globalThis as { indexedDB?: { open?: unknown } }).indexedDB?.open === "function";
}

/**
 * "./run//a/../last.ckpt" → "run/last.ckpt": IndexedDB keys are plain strings, so equal paths
 * must be spelled one way (a leading "/" is dropped too: there is one root).
 */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/** An IDBRequest as a promise; `what` names the operation in errors. */
function done<T>(req: IDBRequest<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new CheckpointIOError(`IndexedDB ${what} failed: ${req.error?.message ?? "unknown error"}`));
  });
}

/** Checkpoints in the browser's IndexedDB (pass it as the Trainer's checkpointIO where there is no file system). */
export class IndexedDBCheckpointIO implements CheckpointIO {
  readonly dbName: string;
  private readonly factory: IDBFactory | null;
  private db: Promise<IDBDatabase> | null = null;

  constructor(opts: IndexedDBCheckpointIOOptions = {}) {
    this.dbName = opts.dbName ?? DEFAULT_IDB_NAME;
    this.factory = opts.factory ?? null;
  }

  async write(path: string, text: string): Promise<void> {
    await this.put(path, text);
  }

  /** Binary files are stored as one Uint8Array value (structured clone), in the same atomic transaction. */
  async writeBytes(path: string, bytes: Uint8Array): Promise<void> {
    await this.put(path, bytes.slice());
  }

  async readBytes(path: string): Promise<Uint8Array> {
    const key = normalizePath(path);
    const v = await this.request("readonly", `read of ${key}`, (s) => s.get(key));
    if (v instanceof Uint8Array) return v;
    if (typeof v === "string") return new TextEncoder().encode(v);
    throw new CheckpointNotFoundError(`no checkpoint file at ${path} in IndexedDB database "${this.dbName}"`);
  }

  private async put(path: string, value: string | Uint8Array): Promise<void> {
    const key = normalizePath(path);
    const db = await this.open();
    // "strict": the commit is reported only once the data is flushed to disk (Chromium, Firefox).
    const tx = db.transaction(STORE, "readwrite", { durability: "strict" });
    tx.objectStore(STORE).put(value, key);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      const fail = () =>
        reject(new CheckpointIOError(`IndexedDB could not write ${key} (the previous file is unchanged): ${tx.error?.message ?? "transaction aborted"}`));
      tx.onerror = fail;
      tx.onabort = fail;
    });
  }

  async read(path: string): Promise<string> {
    const key = normalizePath(path);
    const value = await this.request("readonly", `read of ${key}`, (s) => s.get(key));
    const text = value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
    if (typeof text !== "string") throw new CheckpointNotFoundError(`no checkpoint file at ${path} in IndexedDB database "${this.dbName}"`);
    return text;
  }

  async exists(path: string): Promise<boolean> {
    const key = normalizePath(path);
    return (await this.request("readonly", `exists of ${key}`, (s) => s.count(key))) > 0;
  }

  async remove(path: string): Promise<void> {
    const key = normalizePath(path);
    await this.request("readwrite", `remove of ${key}`, (s) => s.delete(key));
  }

  async list(dir: string): Promise<string[]> {
    const base = normalizePath(dir);
    const prefix = base === "" ? "" : base + "/";
    // Every key starting with prefix sorts between prefix and prefix + U+FFFF.
    const range = prefix === "" ? undefined : IDBKeyRange.bound(prefix, prefix + "\uffff");
    const keys = await this.request("readonly", `list of ${dir}`, (s) => s.getAllKeys(range));
    const names = new Set<string>();
    for (const k of keys) if (typeof k === "string" && k.startsWith(prefix)) names.add(k.slice(prefix.length).split("/")[0]);
    return [...names];
  }

  /** Closes the connection (a later call reopens it). */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db) (await db).close();
  }

  /** One request in its own transaction. */
  private async request<T>(mode: IDBTransactionMode, what: string, make: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    return done(make(db.transaction(STORE, mode).objectStore(STORE)), what);
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const factory = this.factory ?? (hasIndexedDB() ? (globalThis as any).indexedDB as IDBFactory : null);
      if (factory === null) {
        reject(new CheckpointIOError("IndexedDB is not available in this runtime: pass another `checkpointIO` (FsCheckpointIO, MemoryCheckpointIO)."));
        return;
      }
      const req = factory.open(this.dbName, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading or deleting the database: let it, and reopen on next use.
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        resolve(db);
      };
      req.onerror = () => {
        this.db = null;
        reject(new CheckpointIOError(`could not open IndexedDB database "${this.dbName}": ${req.error?.message ?? "unknown error"}`));
      };
      req.onblocked = () => {
        this.db = null;
        reject(new CheckpointIOError(`IndexedDB database "${this.dbName}" is blocked by a connection in another tab; close it and retry.`));
      };
    });
    return this.db;
  }
}
