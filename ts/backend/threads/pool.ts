// A pool of workers over fulgur.wasm's shared memory. Work goes out through a shared control
// block (Atomics.store + notify) and the caller blocks in Atomics.wait until every piece is done;
// the caller runs piece 0 itself. Workers never touch the main heap's allocator: each kernel call
// on a worker allocates from that worker's arena (asm/threads.ts).
import { FulgurRuntimeError } from "../../errors.ts";
import type { PoolWorker, ThreadHost } from "./host.ts";
import { WORKER_SOURCE } from "./worker_source.ts";

/** A pool worker died or failed while running a piece of a kernel. */
export class ThreadPoolError extends FulgurRuntimeError {
  override name = "ThreadPoolError";
}

const INTS = 64; // int32s per worker slot (256 bytes: one slot per cache line pair)
const MAX_ARGS = 22; // float64 [2..23] of a 32-float64 slot (a conv weight-gradient range takes 22)
const START_TIMEOUT_MS = 20_000;
/**
 * How long a worker spins for the next op before it sleeps, and the caller for the workers'
 * pieces before it sleeps. Sleeping and waking a thread costs tens of µs on a VM, more than a
 * split op saves; 1 ms covers the gaps between a training step's kernels.
 */
const WORKER_SPIN_MS = 1;
const CALLER_SPIN_MS = 1;

type Raw = Record<string, unknown> & { alloc(n: number): number; dealloc(p: number): void };

export class ThreadPool {
  private readonly c: Int32Array;
  private readonly f: Float64Array;
  private readonly seqs: number[];
  private readonly arenas: { base: number; size: number }[];
  private broken: string | null = null;
  /** Kernel calls split across the pool so far, by export name (tests, bench). */
  readonly dispatched: Record<string, number> = {};

  private constructor(
    private readonly raw: Raw,
    private readonly workers: PoolWorker[],
    ctrl: SharedArrayBuffer,
    private readonly names: string[],
  ) {
    this.c = new Int32Array(ctrl);
    this.f = new Float64Array(ctrl);
    this.seqs = workers.map(() => 0);
    this.arenas = workers.map(() => ({ base: 0, size: 0 }));
  }

  /** Starts `workers` workers over `memory`; rejects when any of them fails to start. */
  static async start(host: ThreadHost, bytes: Uint8Array, memory: WebAssembly.Memory, raw: Raw,
                     names: string[], workers: number): Promise<ThreadPool> {
    const ctrl = new SharedArrayBuffer(INTS * 4 * Math.max(1, workers));
    const started: PoolWorker[] = [];
    try {
      const ready = [];
      for (let slot = 0; slot < workers; slot++) {
        const w = host.spawn(WORKER_SOURCE);
        started.push(w);
        ready.push(new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`worker ${slot} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
          w.onFirstMessage((m) => {
            clearTimeout(timer);
            if (m instanceof Error) reject(m);
            else if (m.type === "ready") resolve();
            else reject(new Error(m.message ?? "worker failed"));
          });
        }));
        w.post({ bytes, memory, ctrl, names, slot, ints: INTS, spinMs: WORKER_SPIN_MS });
      }
      await Promise.all(ready);
    } catch (e) {
      for (const w of started) w.terminate();
      throw e;
    }
    for (const w of started) w.unref();
    return new ThreadPool(raw, started, ctrl, names);
  }

  /** Worker count plus the calling thread. */
  get threads(): number {
    return this.broken ? 1 : this.workers.length + 1;
  }

  /**
   * Runs fn(args) for every piece: piece 0 on the calling thread, piece i on worker i - 1.
   * Returns when all are done. A piece whose arena was too small is rerun on the calling thread.
   */
  run(name: string, pieces: number[][]): void {
    const fnIndex = this.names.indexOf(name);
    const fn = this.raw[name] as (...a: number[]) => void;
    if (this.broken) throw new ThreadPoolError(`the thread pool is down: ${this.broken}`);
    if (fnIndex < 0) throw new ThreadPoolError(`${name} is not a pool kernel`);
    const posted = Math.min(pieces.length - 1, this.workers.length);
    this.dispatched[name] = (this.dispatched[name] ?? 0) + 1;
    for (let w = 0; w < posted; w++) this.post(w, fnIndex, pieces[w + 1]);
    let error: unknown = null;
    try {
      fn(...pieces[0]);
    } catch (e) {
      error = e;
    }
    const rerun: number[] = [];
    for (let w = 0; w < posted; w++) {
      const status = this.wait(w);
      if (status === 2) rerun.push(w);
      else if (status !== 0 && error === null) error = new ThreadPoolError(`${name} failed on pool worker ${w + 1}`);
    }
    if (error !== null) throw error;
    for (const w of rerun) {
      // Grow that worker's arena for next time; this time the calling thread does the piece.
      const need = this.c[w * INTS + 5] >>> 0;
      this.setArena(w, Math.max(need, this.arenas[w].size * 2));
      fn(...pieces[w + 1]);
    }
    for (let i = posted + 1; i < pieces.length; i++) fn(...pieces[i]);
  }

  private setArena(w: number, bytes: number): void {
    const a = this.arenas[w];
    if (a.base !== 0) this.raw.dealloc(a.base);
    const size = Math.ceil(bytes / 65536) * 65536;
    a.base = this.raw.alloc(size) >>> 0;
    a.size = size;
  }

  private post(w: number, fnIndex: number, args: number[]): void {
    if (args.length > MAX_ARGS) throw new ThreadPoolError(`at most ${MAX_ARGS} kernel arguments, got ${args.length}`);
    if (this.arenas[w].base === 0) this.setArena(w, 1 << 20);
    const base = w * INTS, fb = (w * INTS + 16) / 2;
    this.c[base + 3] = fnIndex;
    this.c[base + 4] = args.length;
    this.f[fb] = this.arenas[w].base;
    this.f[fb + 1] = this.arenas[w].size;
    for (let i = 0; i < args.length; i++) this.f[fb + 2 + i] = args[i];
    this.seqs[w] = (this.seqs[w] + 1) | 0 || 1;
    Atomics.store(this.c, base, this.seqs[w]);
    Atomics.notify(this.c, base);
  }

  /** Blocks until worker w published its piece; its status (0 ok, 1 error, 2 arena too small). */
  private wait(w: number): number {
    const base = w * INTS, seq = this.seqs[w];
    const t0 = performance.now();
    for (;;) {
      for (let i = 0; i < 256; i++) if (Atomics.load(this.c, base + 1) === seq) return this.c[base + 2];
      if (performance.now() - t0 < CALLER_SPIN_MS) continue;
      const done = Atomics.load(this.c, base + 1);
      if (done === seq) return this.c[base + 2];
      if (done === -1) {
        this.broken = `pool worker ${w + 1} died`;
        throw new ThreadPoolError(`pool worker ${w + 1} died while running a kernel; the pool is down (init({ threads: 1 }) to run without it)`);
      }
      Atomics.wait(this.c, base + 1, done, 1000);
    }
  }

  /** Test hook: makes worker w exit the way a crashing worker does. */
  killWorkerForTest(w: number): void {
    this.post(w, -2, []);
    const done = w * INTS + 1;
    for (let i = 0; i < 50 && Atomics.load(this.c, done) !== -1; i++) Atomics.wait(this.c, done, Atomics.load(this.c, done), 100);
  }

  shutdown(): void {
    for (let w = 0; w < this.workers.length; w++) {
      const base = w * INTS;
      this.c[base + 3] = -1;
      Atomics.store(this.c, base, (this.seqs[w] + 1) | 0);
      Atomics.notify(this.c, base);
      this.workers[w].terminate();
    }
    for (const a of this.arenas) if (a.base !== 0) this.raw.dealloc(a.base);
    this.arenas.length = 0;
    this.broken = "shut down";
  }
}
