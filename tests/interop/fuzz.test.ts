// Mutated versions of every shared interop file (and the fixtures) fed to every reader: each
// must parse or throw a named FulgurError — never a raw TypeError/RangeError, never a hang —
// and nothing a file holds may reach Object.prototype. Seeded and bounded (same cases each run).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { FulgurError } from "../../ts/errors.ts";
import { parseSafetensors } from "../../ts/interop/safetensors.ts";
import { parseTorchFile } from "../../ts/interop/torch_load.ts";
import { unpickle, torchStoragePid } from "../../ts/interop/pickle_reader.ts";
import { ZipReader, writeZip } from "../../ts/interop/zip.ts";
import { parseCheckpointBytes } from "../../ts/trainer/checkpoint/checkpoint_file.ts";
import { serializeBinaryCheckpoint } from "../../ts/trainer/checkpoint/binary_format.ts";

const DIRS = ["../shared/interop", "tests/interop/fixtures"];
const files = DIRS.filter(existsSync).flatMap((d) => readdirSync(d).filter((f) => /\.(ckpt|pt|safetensors)$/.test(f)).sort().map((f) => `${d}/${f}`));

/** mulberry32: a small seeded generator, so every run feeds the same mutations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(src: Uint8Array, r: () => number, from = 0): Uint8Array {
  const int = (n: number) => Math.floor(r() * n);
  const at = () => from + int(Math.max(1, src.length - from));
  const kind = int(6);
  if (kind === 0) return src.slice(0, at()); // truncated
  const b = src.slice();
  if (kind === 1) { for (let i = 0, n = 1 + int(8); i < n; i++) b[at()] ^= 1 << int(8); return b; } // flipped bits
  if (kind === 2) { for (let i = 0, n = 1 + int(4); i < n; i++) b[at()] = int(256); return b; } // random bytes
  if (kind === 3) { // a size / offset field claiming far more than the file
    const p = at();
    const big = [0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f];
    for (let i = 0; i < 8 && p + i < b.length; i++) b[p + i] = big[i];
    return b;
  }
  if (kind === 4) { // a span repeated (duplicated records, shifted offsets)
    const p = at(), n = 1 + int(64);
    const out = new Uint8Array(b.length + n);
    out.set(b.subarray(0, p)); out.set(b.subarray(p, p + n), p); out.set(b.subarray(p), p + Math.min(n, b.length - p));
    return out.subarray(0, b.length + Math.min(n, b.length - p));
  }
  const p = at(); // a span removed
  return new Uint8Array([...b.subarray(0, p), ...b.subarray(Math.min(b.length, p + 1 + int(32)))]);
}

function expectNamed(what: string, f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof FulgurError)) assert.fail(`${what}: ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
  }
}

const READERS: Array<[string, (b: Uint8Array) => unknown]> = [
  ["parseSafetensors", (b) => parseSafetensors(b)],
  ["parseTorchFile", (b) => parseTorchFile(b)],
  ["parseCheckpointBytes", (b) => parseCheckpointBytes(b, "fuzzed")],
];
const ITER = 40;

test("fuzz: mutated files → every reader parses or throws a named FulgurError", { skip: files.length === 0 }, () => {
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  let cases = 0;
  files.forEach((file, fi) => {
    const src = new Uint8Array(readFileSync(file));
    const r = rng(1000 + fi);
    for (let i = 0; i < ITER; i++) {
      const m = mutate(src, r);
      for (const [name, read] of READERS) {
        expectNamed(`${name}(${file} mutation ${i})`, () => read(m));
        cases++;
      }
    }
  });
  assert.ok(cases >= files.length * ITER * READERS.length);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoKeys);
  assert.equal(({} as any).polluted, undefined);
});

test("fuzz: mutated binary fulgur checkpoints → a checkpoint or a named FulgurError", () => {
  const ckpt = {
    format: "fulgur-checkpoint", formatVersion: 1, fulgurVersion: "0.1.0", epoch: 1, globalStep: 3,
    stateDict: { "net.0.weight": Object.assign(new Float32Array(12).fill(0.25), { shape: [4, 3] }), "net.0.bias": new Float32Array(4) },
    optimizerStates: [{ state: { 0: { step: 3, expAvg: new Float32Array(12).fill(0.5) } }, paramGroups: [{ lr: 0.1, params: [0, 1] }] }],
    lrSchedulers: [{ lastEpoch: 3, lastLr: [0.1] }], loops: { fitLoop: { epochsProcessed: 1 } }, callbacks: {}, hyperParameters: { a: 1 },
  };
  const src = serializeBinaryCheckpoint(ckpt as any);
  const r = rng(77);
  for (let i = 0; i < ITER * 5; i++) {
    const m = mutate(src, r, r() < 0.5 ? 0 : 8);
    expectNamed(`parseCheckpointBytes(binary mutation ${i})`, () => parseCheckpointBytes(m, "fuzzed"));
  }
  assert.equal(({} as any).polluted, undefined);
});

test("fuzz: mutated pickles inside valid zips → the unpickler and the Lightning converter", { skip: files.length === 0 }, () => {
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  files.filter((f) => !f.endsWith(".safetensors")).forEach((file, fi) => {
    const zip = new ZipReader(new Uint8Array(readFileSync(file)));
    const names = zip.names();
    const pkl = names.find((n) => n.endsWith("/data.pkl"))!;
    const entries = names.map((n) => [n, zip.read(n)] as [string, Uint8Array]);
    const r = rng(5000 + fi);
    for (let i = 0; i < ITER; i++) {
      // mutate past the first bytes now and then so the damage lands inside the records
      const bad = mutate(zip.read(pkl), r, r() < 0.5 ? 0 : 2);
      expectNamed(`unpickle(${file} mutation ${i})`, () => unpickle(bad, { persistentLoad: torchStoragePid }));
      const rezipped = writeZip(entries.map(([n, b]) => [n, n === pkl ? bad : b]));
      expectNamed(`parseCheckpointBytes(${file} re-zipped mutation ${i})`, () => parseCheckpointBytes(rezipped, "fuzzed"));
    }
  });
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoKeys);
});
