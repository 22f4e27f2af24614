// Adaptive timing: run a case for a fixed wall-clock budget and report the median
// iteration, so slow peers get few iterations and fast ones many, and noise from the
// shared machine moves the median less than the mean.
export interface Timing {
  /** Median milliseconds per iteration. */
  medianMs: number;
  minMs: number;
  iterations: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summarise(samples: number[]): Timing {
  return { medianMs: median(samples), minMs: Math.min(...samples), iterations: samples.length };
}

/** Times fn (after `warmup` untimed calls) until budgetMs has passed and at least minIters ran. */
export function timeSync(fn: () => void, budgetMs: number, { warmup = 1, minIters = 3 } = {}): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  const end = performance.now() + budgetMs;
  while (samples.length < minIters || performance.now() < end) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return summarise(samples);
}

export async function timeAsync(fn: () => Promise<void>, budgetMs: number, { warmup = 1, minIters = 3 } = {}): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const end = performance.now() + budgetMs;
  while (samples.length < minIters || performance.now() < end) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return summarise(samples);
}

/** Median of the gaps between consecutive timestamps (per-step time of a loop that stamps each step). */
export function medianGapMs(stamps: number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < stamps.length; i++) gaps.push(stamps[i] - stamps[i - 1]);
  return median(gaps);
}

/** One contender of an interleaved comparison: prepare() switches to it and returns its timed body. */
export interface Contender {
  name: string;
  prepare(): Promise<{ run: () => void; dispose?: () => void }>;
}

/** The message of anything thrown (emscripten builds can throw non-Error values, even `undefined`). */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `threw ${e === undefined ? "undefined" : typeof e === "object" ? JSON.stringify(e) : String(e)} (not an Error)`;
}

/**
 * Times contenders in alternating rounds (A B C A B C ...) so that load from other
 * processes on the shared machine hits all of them alike; medians over all rounds.
 * A contender that throws (in prepare, run or dispose) is dropped for the remaining rounds
 * and left out of the result: with `failures` its message is recorded there, so one peer's
 * failure costs only that peer's figure; without it the error propagates.
 */
export async function interleaved(contenders: Contender[], budgetMs: number, rounds = 3,
                                  failures?: Record<string, string>): Promise<Record<string, Timing>> {
  const samples: Record<string, number[]> = {};
  const dead = new Set<string>();
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      if (dead.has(c.name)) continue;
      try {
        const { run, dispose } = await c.prepare();
        if (r === 0) run(); // warm-up (first call compiles / allocates)
        const list = (samples[c.name] ??= []);
        const end = performance.now() + budgetMs / rounds;
        let n = 0;
        while (n < 1 || performance.now() < end) {
          const t0 = performance.now();
          run();
          list.push(performance.now() - t0);
          n++;
        }
        dispose?.();
      } catch (e) {
        if (!failures) throw e;
        failures[c.name] = describeThrown(e);
        console.error(`${c.name} failed (dropped from this comparison): ${failures[c.name]}`);
        dead.add(c.name);
        delete samples[c.name];
      }
    }
  }
  return Object.fromEntries(Object.entries(samples).filter(([, v]) => v.length > 0).map(([k, v]) => [k, summarise(v)]));
}
