// Bytes from what a user hands a loader: bytes, an ArrayBuffer, a URL (fetch) or a path (node:fs,
// which Node, Deno and Bun provide; imported lazily so browser bundles never resolve it).
import { InteropFormatError } from "./errors.ts";

/** Where the interop loaders read bytes from: the bytes themselves, a URL or a path. */
export type BytesSource = Uint8Array | ArrayBuffer | URL | string;

export async function readSource(src: BytesSource): Promise<{ bytes: Uint8Array; name: string }> {
  if (src instanceof Uint8Array) return { bytes: src, name: "bytes" };
  if (src instanceof ArrayBuffer) return { bytes: new Uint8Array(src), name: "bytes" };
  const g = globalThis as any;
  const isUrl = src instanceof URL || /^(https?|blob|data):/.test(src);
  if (isUrl && !(src instanceof URL && src.protocol === "file:")) {
    const res = await fetch(src);
    if (!res.ok) throw new InteropFormatError(`${String(src)}: fetch failed with HTTP ${res.status}`);
    return { bytes: new Uint8Array(await res.arrayBuffer()), name: String(src) };
  }
  const hasFs = typeof g.Deno !== "undefined" || typeof g.Bun !== "undefined" || typeof g.process?.versions?.node === "string";
  if (!hasFs) throw new InteropFormatError(`${String(src)}: no file system here; pass the bytes or a URL`);
  const specifier = "node:fs/promises";
  const fs = (await import(/* @vite-ignore */ specifier)) as typeof import("node:fs/promises");
  const buf = await fs.readFile(src);
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), name: String(src) };
}

export async function writeBytes(path: string, bytes: Uint8Array): Promise<void> {
  const specifier = "node:fs/promises";
  const fs = (await import(/* @vite-ignore */ specifier)) as typeof import("node:fs/promises");
  // temp file + rename: a crash mid-write leaves the previous file whole
  const tmp = `${path}.tmp-${(globalThis as any).process?.pid ?? 0}-${Date.now()}`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, path);
}
