// Threads: by default (at import) fulgur.wasm is re-instantiated over a shared memory and a pool
// of workers started over it; init({ threads }) changes the count. The backend is retargeted to
// the new instance and the old memory copied into it, so tensors made before survive the move.
import type { FulgurWasmExports } from "../wasm_module.ts";
import { fulgurWasm, replaceFulgurWasm } from "../wasm_module.ts";
import { retargetFulgurWasmBackend } from "../register.ts";
import type { ThreadHost } from "./host.ts";
import { ThreadPool } from "./pool.ts";
import { POOL_KERNELS, withPool } from "./parallel_kernels.ts";
import { withSharedMemoryImport } from "./shared_module.ts";
import { FulgurRuntimeError } from "../../errors.ts";
import { EMBEDDED_WASM_BASE64 } from "../embedded_wasm.ts";

const MAXIMUM_PAGES = 65536; // 4 GiB, wasm32's limit: reserved, not committed
export const MAX_DEFAULT_THREADS = 8;

interface Shared {
  raw: FulgurWasmExports;
  /** raw with the pool kernels: what the backend holds */
  exports: FulgurWasmExports;
  memory: WebAssembly.Memory;
  workerBytes: Uint8Array;
}
let shared: Shared | null = null;
let pool: ThreadPool | null = null;
let warned = false;

const abort = (_msg: number, _file: number, line: number, col: number): never => {
  throw new FulgurRuntimeError(`fulgur.wasm aborted at ${line}:${col}`);
};

function sharedInstance(bytes: Uint8Array): Shared {
  if (shared) return shared;
  const main = withSharedMemoryImport(bytes, MAXIMUM_PAGES);
  const memory = new WebAssembly.Memory({ initial: main.minPages, maximum: MAXIMUM_PAGES, shared: true });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(main.bytes as BufferSource), { env: { memory, abort } });
  const raw = inst.exports as unknown as FulgurWasmExports;
  shared = {
    raw,
    exports: withPool(raw as never, () => pool) as unknown as FulgurWasmExports,
    memory,
    workerBytes: withSharedMemoryImport(bytes, MAXIMUM_PAGES, true).bytes,
  };
  return shared;
}

let host: ThreadHost | null = null;

/** Each runtime entry names how it starts workers (ts/runtime/threads_*.ts). */
export function setThreadHost(h: ThreadHost): void {
  host = h;
}

export function threadHost(): ThreadHost | null {
  return host;
}

/** The module's bytes: the bundle's inlined copy, else what `load` reads. */
export async function fulgurWasmBytes(load: () => Promise<BufferSource>): Promise<Uint8Array> {
  if (EMBEDDED_WASM_BASE64.length > 0) return embeddedBytes();
  const b = await load();
  return b instanceof Uint8Array ? b : ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
}

/**
 * Threads requested → threads to run. undefined/0: the default, the cores the runtime reports
 * capped at MAX_DEFAULT_THREADS (past ~8 the memory-bound kernels stop scaling and each worker
 * costs a thread and its wasm instance).
 */
export function resolveThreads(threads: number | undefined, host: ThreadHost | null): number {
  if (threads === undefined || threads === 0) return host ? Math.max(1, Math.min(MAX_DEFAULT_THREADS, host.cores())) : 1;
  if (!Number.isInteger(threads) || threads < 1) throw new FulgurRuntimeError(`init(): threads must be a positive integer, got ${threads}`);
  return threads;
}

// Thread changes run one after another (the default started at import, then init()'s choice).
let chain: Promise<unknown> = Promise.resolve();
/** Whether a thread count was chosen yet (at import by default, or by init({ threads })). */
let chosen = false;

/** Says once why threads do not run here; a default that cannot run is only information. */
function sayOnce(requested: number, why: string, explicit: boolean): void {
  if (warned) return;
  warned = true;
  const line = `fulgur: running on 1 thread (${requested} ${explicit ? "requested" : "by default"}): ${why}`;
  if (explicit) console.warn(line);
  else console.info(line);
}

/**
 * Runs fulgur-wasm kernels on `threads` threads (1: the calling thread only); resolves to the
 * threads running. The first time threads > 1 are asked for, everything moves to an instance of
 * the same module over a shared memory (moveToShared). When the runtime cannot run workers, or
 * one fails to start, it stays on 1 thread and says so once. Calls run in order.
 */
export function setThreads(threads: number, host: ThreadHost | null, bytes: () => Promise<Uint8Array>, explicit = true): Promise<number> {
  chosen = true;
  const next = chain.then(() => applyThreads(threads, host, bytes, explicit));
  chain = next.catch(() => undefined);
  return next;
}

/** Waits for the thread changes asked for so far (the default started at import included). */
export async function threadsSettled(): Promise<number> {
  await chain;
  return fulgurThreads();
}

/**
 * The default at start-up: `resolveThreads(undefined)` threads. The move to shared memory happens
 * now, synchronously, before any tensor exists; the workers join in the background (kernels run
 * on the calling thread until they are ready, with the same bits). Nothing when a count was
 * already chosen or the module's bytes are not inlined.
 */
export function startDefaultThreads(): void {
  if (chosen || EMBEDDED_WASM_BASE64.length === 0) return;
  const n = resolveThreads(undefined, host);
  if (n < 2) {
    chosen = true;
    return;
  }
  if (host !== null && host.unavailable() === null) {
    const s = sharedInstance(embeddedBytes());
    if (fulgurWasm() !== s.exports) moveToShared(s);
  }
  // The workers start (or why they cannot is said) once the importing module's synchronous start
  // is over: an init({ threads }) called there wins without a worker ever being spawned.
  queueMicrotask(() => {
    if (!chosen) setThreads(n, host, async () => embeddedBytes(), false).catch(() => undefined);
  });
}

/** The default for init() without `threads`: applied unless a count was chosen already. */
export function ensureDefaultThreads(bytes: () => Promise<Uint8Array>): Promise<number> {
  if (chosen) return threadsSettled();
  return setThreads(resolveThreads(undefined, host), host, bytes, false);
}

function embeddedBytes(): Uint8Array {
  const bin = atob(EMBEDDED_WASM_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function applyThreads(threads: number, host: ThreadHost | null, bytes: () => Promise<Uint8Array>, explicit: boolean): Promise<number> {
  if (threads === fulgurThreads()) return threads;
  const requested = threads;
  if (threads > 1) {
    const why = host === null ? "this runtime has no worker support here" : host.unavailable();
    if (why !== null) {
      sayOnce(requested, why, explicit);
      threads = 1;
    }
  }
  stopPool();
  if (threads === 1) return 1;
  const s = sharedInstance(await bytes());
  if (fulgurWasm() !== s.exports) moveToShared(s);
  try {
    pool = await ThreadPool.start(host!, s.workerBytes, s.memory, s.raw as never, POOL_KERNELS, threads - 1);
  } catch (e) {
    warned = true;
    console.warn(`fulgur: running on 1 thread (${requested} ${explicit ? "requested" : "by default"}): a pool worker failed to start (${String((e as Error).message).replace(/\s+/g, " ")})`);
    return 1;
  }
  return threads;
}

/**
 * Moves everything to the shared instance: the whole memory is copied (tensors, generator
 * states, optimizer tables keep their addresses), the new instance adopts the allocator's state,
 * and the backend, with its tensors, is pointed at it. Synchronous: nothing runs in between.
 */
function moveToShared(s: Shared): void {
  const old = fulgurWasm() as FulgurWasmExports & { heap_root(): number };
  const oldBytes = old.memory.buffer.byteLength, have = s.memory.buffer.byteLength;
  if (oldBytes > have) s.memory.grow((oldBytes - have) / 65536);
  new Uint8Array(s.memory.buffer, 0, oldBytes).set(new Uint8Array(old.memory.buffer, 0, oldBytes));
  (s.raw as unknown as { heap_adopt(root: number): void }).heap_adopt(old.heap_root());
  replaceFulgurWasm(s.exports);
  retargetFulgurWasmBackend(s.exports);
}

function stopPool(): void {
  if (pool === null) return;
  const p = pool;
  pool = null;
  p.shutdown();
}

/** Threads fulgur-wasm kernels run on now. */
export function fulgurThreads(): number {
  return pool ? pool.threads : 1;
}

/** The running pool (tests). */
export function fulgurThreadPool(): ThreadPool | null {
  return pool;
}

/**
 * Stops the pool workers (a start still under way too); kernels go on running on the calling
 * thread until init({ threads }) asks for more. Not needed for a process to exit: idle workers
 * never keep Node, Deno or Bun alive.
 */
export function shutdownThreads(): void {
  chosen = true;
  stopPool();
  chain = chain.then(stopPool);
}

/** True when the instance in use runs over the shared memory (after init({ threads }) > 1). */
export function usesSharedMemory(): boolean {
  return shared !== null && fulgurWasm() === shared.exports;
}
