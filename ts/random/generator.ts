// torch.Generator for the CPU: torch 1.13's mt19937 and its sampling code, running in WASM
// (asm/random), so a seed gives torch's numbers on every JavaScript runtime. The state lives in
// one block of WASM memory per generator, allocated at the first draw (a generator may be made
// and seeded before `await init()`).
import { fulgurWasm, isFulgurWasmLoaded } from "../backend/wasm_module.ts";
import { FulgurRuntimeError, ValueError } from "../errors.ts";

/** torch's default_rng_seed_val: the seed of a generator nobody seeded. */
export const DEFAULT_SEED = 67280421310721n;
const U64 = 1n << 64n;

/** A generator's whole state as plain JSON-friendly values (torch.Generator.get_state's content). */
export interface GeneratorState {
  /** The seed it was last seeded with, as a decimal string (a uint64). */
  seed: string;
  /** mt19937's 624 words. */
  mt: number[];
  left: number;
  next: number;
  /** The cached second Box–Muller sample of the scalar (double) normal path, or null. */
  nextDoubleNormal: number | null;
  nextFloatNormal: number | null;
}

interface RngExports {
  rng_state_bytes(): number;
  rng_seed(g: number, lo: number, hi: number): void;
  rng_random(g: number): number;
}

const OFF_LEFT = 2496, OFF_NEXT = 2500, OFF_HAS_DOUBLE = 2512, OFF_DOUBLE = 2520, OFF_HAS_FLOAT = 2528, OFF_FLOAT = 2532;

const freeBlocks = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<number>((ptr) => { if (isFulgurWasmLoaded()) fulgurWasm().dealloc(ptr); })
  : null;

/** torch accepts any integer in [-2^63, 2^64) as a seed; negative seeds wrap to uint64. */
export function toSeed(seed: number | bigint, what = "manual_seed"): bigint {
  let s: bigint;
  if (typeof seed === "bigint") s = seed;
  else {
    if (!Number.isInteger(seed)) throw new FulgurRuntimeError(`${what} expected an integer seed, got ${seed}`);
    if (!Number.isSafeInteger(seed)) throw new FulgurRuntimeError(`${what}: seed ${seed} is not exactly representable; pass a bigint`);
    s = BigInt(seed);
  }
  if (s < -(1n << 63n) || s >= U64) {
    throw new FulgurRuntimeError(`Overflow when unpacking long (${what}: seed ${s} is outside [-2^63, 2^64))`);
  }
  return s < 0n ? s + U64 : s;
}

/** torch.Generator: an MT19937 random generator with torch's CPU streams (manualSeed, getState / setState). */
export class Generator {
  private ptr = 0;
  private seedValue: bigint = DEFAULT_SEED;
  /** A state set before the WASM module was loaded, applied at the first draw. */
  private pending: GeneratorState | null = null;

  /** `new Generator()` is torch.Generator() (seeded with torch's default seed); a seed may be given. */
  constructor(seed?: number | bigint) {
    if (seed !== undefined) this.seedValue = toSeed(seed);
  }

  /** torch.Generator.manual_seed: reseeds and clears the cached normal sample. */
  manualSeed(seed: number | bigint): this {
    this.seedValue = toSeed(seed);
    this.pending = null;
    if (this.ptr > 0) this.seedBlock();
    return this;
  }

  /** torch.Generator.initial_seed (a number; `initialSeedBigInt()` is exact beyond 2^53). */
  initialSeed(): number {
    return Number(this.seedValue);
  }
  initialSeedBigInt(): bigint {
    return this.seedValue;
  }

  /** The whole state, as plain values (JSON-serialisable): setState(getState()) resumes the stream. */
  getState(): GeneratorState {
    if (this.pending) return structuredCloneState(this.pending);
    const g = this.statePtr();
    const buf = fulgurWasm().memory.buffer;
    const dv = new DataView(buf);
    return {
      seed: this.seedValue.toString(),
      mt: Array.from(new Uint32Array(buf, g, 624)),
      left: dv.getInt32(g + OFF_LEFT, true),
      next: dv.getInt32(g + OFF_NEXT, true),
      nextDoubleNormal: dv.getInt32(g + OFF_HAS_DOUBLE, true) ? dv.getFloat64(g + OFF_DOUBLE, true) : null,
      nextFloatNormal: dv.getInt32(g + OFF_HAS_FLOAT, true) ? dv.getFloat32(g + OFF_FLOAT, true) : null,
    };
  }

  setState(state: GeneratorState): this {
    validateState(state);
    this.seedValue = BigInt(state.seed);
    if (this.ptr === 0 && !isFulgurWasmLoaded()) {
      this.pending = structuredCloneState(state);
      return this;
    }
    this.pending = null;
    this.writeState(this.statePtr(), state);
    return this;
  }

  /** @internal The generator's block in WASM memory (allocated and seeded on first use). */
  statePtr(): number {
    if (this.ptr === -1) throw new FulgurRuntimeError("this Generator was released");
    if (this.ptr === 0) {
      const w = fulgurWasm() as unknown as RngExports & { alloc(n: number): number };
      this.ptr = w.alloc(w.rng_state_bytes());
      freeBlocks?.register(this, this.ptr, this);
      if (this.pending) {
        this.writeState(this.ptr, this.pending);
        this.pending = null;
      } else this.seedBlock();
    }
    return this.ptr;
  }

  /** One raw 32-bit draw (CPUGeneratorImpl::random()). */
  random(): number {
    return (fulgurWasm() as unknown as RngExports).rng_random(this.statePtr()) >>> 0;
  }

  /** CPUGeneratorImpl::random64(): two draws, the first is the high word. */
  random64(): bigint {
    const hi = BigInt(this.random());
    const lo = BigInt(this.random());
    return (hi << 32n) | lo;
  }

  /**
   * A uniform double in [0, 1) from 53 random bits (torch's uniform_real<double>): handy for
   * seeded synthetic data in plain JavaScript.
   */
  next(): number {
    const hi = this.random() & 0x1fffff; // the top 21 of the 53 bits (random64's high word)
    const lo = this.random();
    return (hi * 4294967296 + lo) / 9007199254740992;
  }

  /** @internal Frees the WASM block now (a short-lived generator); the generator must not be used again. */
  release(): void {
    if (this.ptr <= 0) return;
    freeBlocks?.unregister(this);
    fulgurWasm().dealloc(this.ptr);
    this.ptr = -1;
  }

  toString(): string {
    return `Generator(initialSeed=${this.seedValue})`;
  }

  private seedBlock(): void {
    const w = fulgurWasm() as unknown as RngExports;
    w.rng_seed(this.ptr, Number(this.seedValue & 0xffffffffn), Number(this.seedValue >> 32n));
  }

  private writeState(g: number, s: GeneratorState): void {
    const buf = fulgurWasm().memory.buffer;
    new Uint32Array(buf, g, 624).set(s.mt);
    const dv = new DataView(buf);
    dv.setInt32(g + OFF_LEFT, s.left, true);
    dv.setInt32(g + OFF_NEXT, s.next, true);
    dv.setBigUint64(g + 2504, BigInt(s.seed), true);
    dv.setInt32(g + OFF_HAS_DOUBLE, s.nextDoubleNormal === null ? 0 : 1, true);
    dv.setFloat64(g + OFF_DOUBLE, s.nextDoubleNormal ?? 0, true);
    dv.setInt32(g + OFF_HAS_FLOAT, s.nextFloatNormal === null ? 0 : 1, true);
    dv.setFloat32(g + OFF_FLOAT, s.nextFloatNormal ?? 0, true);
  }
}

function structuredCloneState(s: GeneratorState): GeneratorState {
  return { ...s, mt: s.mt.slice() };
}

function validateState(s: GeneratorState): void {
  const ok = s !== null && typeof s === "object" && Array.isArray(s.mt) && s.mt.length === 624 &&
    s.mt.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff) &&
    Number.isInteger(s.left) && s.left > 0 && s.left <= 624 && Number.isInteger(s.next) && s.next >= 0 && s.next <= 624 &&
    typeof s.seed === "string" && /^\d+$/.test(s.seed) && BigInt(s.seed) < U64 &&
    (s.nextDoubleNormal === null || typeof s.nextDoubleNormal === "number") &&
    (s.nextFloatNormal === null || typeof s.nextFloatNormal === "number");
  if (!ok) throw new ValueError("Generator.setState: not a generator state (expected { seed, mt: 624 words, left, next, nextDoubleNormal, nextFloatNormal })");
}

/** torch.default_generator: what every sampling function uses when none is given. */
export const defaultGenerator = new Generator();

/** torch.manual_seed: seeds the default generator; returns it. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** torch.initial_seed. */
export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

/** torch.get_rng_state (as a plain state object). */
export function getRngState(): GeneratorState {
  return defaultGenerator.getState();
}

/** torch.set_rng_state. */
export function setRngState(state: GeneratorState): void {
  defaultGenerator.setState(state);
}
