// The zip container torch.save writes (every entry stored, never compressed): a bounds-checked
// reader over untrusted bytes and a writer. Only what torch uses is supported; anything else is
// a named error, never a guess.
import { InteropFormatError } from "./errors.ts";

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** True when the bytes start like a zip file (torch.save's format since torch 1.6). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export interface ZipEntry {
  name: string;
  /** start of the entry's data in the file */
  offset: number;
  size: number;
  crc: number;
}

/** A read-only view of a stored-only zip archive. */
export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly what = "zip file") {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.readDirectory();
  }

  private fail(msg: string): never {
    throw new InteropFormatError(`${this.what}: ${msg}`);
  }

  private u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) this.fail(`truncated (needed 2 bytes at offset ${at}, file has ${this.bytes.length})`);
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    if (at < 0 || at + 4 > this.bytes.length) this.fail(`truncated (needed 4 bytes at offset ${at}, file has ${this.bytes.length})`);
    return this.view.getUint32(at, true);
  }

  private u64(at: number): number {
    const lo = this.u32(at), hi = this.u32(at + 4);
    const v = hi * 2 ** 32 + lo;
    if (!Number.isSafeInteger(v)) this.fail(`a 64-bit size field (${hi}:${lo}) is beyond what this reader handles`);
    return v;
  }

  private findEocd(): number {
    // the end-of-central-directory record sits in the last 22 + 65535 bytes (its comment is ≤ 64 KiB)
    const min = Math.max(0, this.bytes.length - 22 - 0xffff);
    for (let at = this.bytes.length - 22; at >= min; at--) {
      if (this.view.getUint32(at, true) === EOCD_SIG) return at;
    }
    this.fail("no end-of-central-directory record (not a zip file, or truncated)");
  }

  private readDirectory(): void {
    if (this.bytes.length < 22) this.fail(`truncated (${this.bytes.length} bytes)`);
    const eocd = this.findEocd();
    let count = this.u16(eocd + 10);
    let dirSize = this.u32(eocd + 12);
    let dirOffset = this.u32(eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || this.u32(loc) !== ZIP64_LOCATOR_SIG) this.fail("zip64 fields without a zip64 locator");
      const z64 = this.u64(loc + 8);
      if (this.u32(z64) !== ZIP64_EOCD_SIG) this.fail("zip64 end-of-central-directory record missing");
      count = this.u64(z64 + 32);
      dirSize = this.u64(z64 + 40);
      dirOffset = this.u64(z64 + 48);
    }
    if (dirOffset + dirSize > this.bytes.length) {
      this.fail(`central directory (offset ${dirOffset}, ${dirSize} bytes) lies beyond the end of the file (${this.bytes.length} bytes)`);
    }
    if (count > dirSize / 46 + 1) this.fail(`central directory claims ${count} entries in ${dirSize} bytes`);
    let at = dirOffset;
    for (let i = 0; i < count; i++) {
      if (this.u32(at) !== CENTRAL_SIG) this.fail(`central directory entry ${i} has a bad signature`);
      const method = this.u16(at + 10);
      const crc = this.u32(at + 16);
      let compSize = this.u32(at + 20);
      let size = this.u32(at + 24);
      const nameLen = this.u16(at + 28), extraLen = this.u16(at + 30), commentLen = this.u16(at + 32);
      let localOffset = this.u32(at + 42);
      const nameBytes = this.slice(at + 46, nameLen);
      const name = new TextDecoder("utf-8", { fatal: false }).decode(nameBytes);
      // zip64 extra field: sizes / offset that overflow 32 bits
      let e = at + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = this.u16(e), len = this.u16(e + 2);
        if (id === 0x0001) {
          let p = e + 4;
          if (size === 0xffffffff) { size = this.u64(p); p += 8; }
          if (compSize === 0xffffffff) { compSize = this.u64(p); p += 8; }
          if (localOffset === 0xffffffff) { localOffset = this.u64(p); p += 8; }
        }
        e += 4 + len;
      }
      if (method !== 0) this.fail(`entry "${name}" is compressed (method ${method}); torch.save writes stored entries only`);
      if (compSize !== size) this.fail(`entry "${name}": stored size ${compSize} differs from its size ${size}`);
      if (this.u32(localOffset) !== LOCAL_SIG) this.fail(`entry "${name}": bad local header at offset ${localOffset}`);
      const dataStart = localOffset + 30 + this.u16(localOffset + 26) + this.u16(localOffset + 28);
      if (dataStart + size > this.bytes.length) {
        this.fail(`entry "${name}" claims ${size} bytes at offset ${dataStart}, beyond the end of the file (${this.bytes.length} bytes)`);
      }
      if (this.entries.has(name)) this.fail(`entry "${name}" appears twice`);
      this.entries.set(name, { name, offset: dataStart, size, crc });
      at += 46 + nameLen + extraLen + commentLen;
    }
  }

  private slice(at: number, len: number): Uint8Array {
    if (at < 0 || len < 0 || at + len > this.bytes.length) this.fail(`truncated (needed ${len} bytes at offset ${at})`);
    return this.bytes.subarray(at, at + len);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's bytes (a view into the file), CRC-checked so a damaged file is named as such. */
  read(name: string): Uint8Array {
    const e = this.entries.get(name);
    if (e === undefined) this.fail(`no entry "${name}"`);
    const data = this.slice(e.offset, e.size);
    if (crc32(data) !== e.crc) this.fail(`entry "${name}" is damaged (CRC mismatch)`);
    return data;
  }
}

/**
 * Writes a stored-only zip. torch's reader wants each record's data aligned to 64 bytes
 * (it memory-maps storages), so the local header's extra field pads to that, as torch does.
 */
export function writeZip(files: Array<[string, Uint8Array]>): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = enc.encode(name);
    const crc = crc32(data);
    const base = offset + 30 + nameBytes.length + 4; // + extra field header
    const pad = (64 - (base % 64)) % 64;
    const local = new Uint8Array(30 + nameBytes.length + 4 + pad);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL_SIG, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, 0, true); // stored
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, 4 + pad, true);
    local.set(nameBytes, 30);
    lv.setUint16(30 + nameBytes.length, 0x4655, true); // "FB": torch's padding record id
    lv.setUint16(32 + nameBytes.length, pad, true);
    const cd = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, CENTRAL_SIG, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    cd.set(nameBytes, 46);
    parts.push(local, data);
    central.push(cd);
    offset += local.length + data.length;
  }
  const dirOffset = offset;
  const dirSize = central.reduce((a, c) => a + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, EOCD_SIG, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, dirOffset, true);
  const out = new Uint8Array(offset + dirSize + 22);
  let p = 0;
  for (const part of [...parts, ...central, eocd]) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
