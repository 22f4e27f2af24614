// Turns fulgur.wasm's own memory into an imported shared one ("env"."memory", shared, with a
// maximum), leaving every function untouched: the threaded instances run the very same code as
// the single-threaded module, so one binary is built and shipped, and both give the same bits.
import { FulgurRuntimeError } from "../../errors.ts";

function readU32(b: Uint8Array, pos: number): [number, number] {
  let v = 0, shift = 0, byte: number;
  do {
    byte = b[pos++];
    v += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [v, pos];
}

function u32(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

const name = (s: string): number[] => [...u32(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/**
 * The module's bytes with its memory imported as shared; also its declared minimum (pages).
 * withoutData: no data segments (pool workers: the shared memory already holds them, and
 * rewriting them while the main thread runs would race).
 */
export function withSharedMemoryImport(bytes: Uint8Array, maximumPages: number, withoutData = false): { bytes: Uint8Array; minPages: number } {
  const out: number[] = Array.from(bytes.subarray(0, 8));
  let pos = 8, minPages = -1;
  const sections: { id: number; body: Uint8Array }[] = [];
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = readU32(bytes, pos + 1);
    sections.push({ id, body: bytes.subarray(start, start + size) });
    pos = start + size;
  }
  const mem = sections.find((s) => s.id === 5);
  const imp = sections.find((s) => s.id === 2);
  if (!mem || !imp) throw new FulgurRuntimeError("fulgur.wasm: expected a memory section and an import section");
  const [memCount, mp] = readU32(mem.body, 0);
  if (memCount !== 1) throw new FulgurRuntimeError(`fulgur.wasm: expected one memory, found ${memCount}`);
  [minPages] = readU32(mem.body, mp + 1);
  const [impCount, ip] = readU32(imp.body, 0);
  const memImport = [...name("env"), ...name("memory"), 0x02, 0x03, ...u32(minPages), ...u32(maximumPages)];
  const newImp = [...u32(impCount + 1), ...Array.from(imp.body.subarray(ip)), ...memImport];
  for (const s of sections) {
    if (s.id === 5) continue;
    // data count (12) and data (11) sections: zero segments
    const body = s === imp ? newImp : withoutData && (s.id === 11 || s.id === 12) ? [0] : Array.from(s.body);
    out.push(s.id, ...u32(body.length));
    for (const x of body) out.push(x);
  }
  return { bytes: new Uint8Array(out), minPages };
}
