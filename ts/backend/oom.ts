// A tensor too large for memory gets a named error with its shape and size, and the process goes
// on: fulgur.wasm's allocator refuses single blocks above ~1 GiB (it aborted with "fulgur.wasm
// aborted at 461:29") and 32-bit WASM memory ends at 4 GiB; tfjs's JS side threw a raw
// RangeError ("Invalid typed array length") for zeros([1e6, 1e6]).
import { FulgurError } from "../errors.ts";

/** Python's / torch's out-of-memory condition ("RuntimeError: ... out of memory"). */
export class OutOfMemoryError extends FulgurError {
  override name = "OutOfMemoryError";
}

/** The largest single tensor fulgur.wasm's allocator (AssemblyScript's TLSF) hands out. */
export const MAX_WASM_TENSOR_BYTES = 2 ** 30 - 64;
/** The largest typed array a JS engine is asked to make (V8 refuses more than 2^32 elements). */
const MAX_JS_ELEMENTS = 2 ** 32 - 1;

const gib = (b: number): string => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);

export function outOfMemory(shape: readonly number[], bytes: number, why: string): OutOfMemoryError {
  return new OutOfMemoryError(
    `out of memory: a tensor of shape [${shape.join(", ")}] needs ${bytes} bytes (${gib(bytes)}); ${why}. Nothing was allocated; the process can go on (free tensors with dispose(), or use smaller shapes / batches).`,
  );
}

/** Throws OutOfMemoryError for a shape no backend can hold as one typed array. */
export function checkShapeFits(shape: readonly number[], bytesPerElement = 4): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (n > MAX_JS_ELEMENTS || !Number.isSafeInteger(n * bytesPerElement)) {
    throw outOfMemory(shape, n * bytesPerElement, `a JavaScript typed array holds at most ${MAX_JS_ELEMENTS} elements`);
  }
}
