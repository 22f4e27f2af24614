// How a runtime starts one pool worker (ts/runtime/threads_*.ts implement it).
export interface PoolWorker {
  post(msg: unknown): void;
  /** Called once with the worker's first message, or with an Error when it failed to start. */
  onFirstMessage(cb: (msg: { type: string; message?: string } | Error) => void): void;
  terminate(): void;
  /** Lets the process exit while the worker idles (Node, Bun). */
  unref(): void;
}

export interface ThreadHost {
  /** Cores the runtime reports. */
  cores(): number;
  /** Why threads cannot run here (null: they can). */
  unavailable(): string | null;
  spawn(source: string): PoolWorker;
}
