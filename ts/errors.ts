// The root of every error fulgur raises on purpose. A leaf module (imports nothing) so that
// every layer — optim, schedulers, gpu, trainer — can extend it. Names are spelled out as
// strings: bundlers may rename classes (ValueError → ValueError2), and messages should read
// like torch's / Lightning's ("ValueError: Invalid learning rate: -1").

const BRAND: unique symbol = Symbol.for("fulgur.error");

/** Base class of every error fulgur raises on purpose: `e instanceof FulgurError`. */
export class FulgurError extends Error {
  override name = "FulgurError";

  // FulgurTypeError must also be a JavaScript TypeError (code written against torch's Python
  // TypeError checks `instanceof TypeError`), so it cannot extend this class; it carries a
  // brand instead, which `instanceof FulgurError` (and only FulgurError itself) accepts.
  static [Symbol.hasInstance](x: unknown): boolean {
    if (this === FulgurError && typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true) return true;
    return Function.prototype[Symbol.hasInstance].call(this, x);
  }
}

/** Python's `ValueError` (torch: "Invalid learning rate", Lightning: bad option values). */
export class ValueError extends FulgurError {
  override name = "ValueError";
}

/** Python's `KeyError` (torch schedulers: a param group lacks `initial_lr`). */
export class KeyError extends FulgurError {
  override name = "KeyError";
}

/** Python's `RuntimeError` (a state torch refuses to run in). */
export class FulgurRuntimeError extends FulgurError {
  override name = "RuntimeError";
}

/** Python's `TypeError`: a JavaScript TypeError that is also `instanceof FulgurError`. */
export class FulgurTypeError extends TypeError {
  override name = "TypeError";
  readonly [BRAND] = true;
}
