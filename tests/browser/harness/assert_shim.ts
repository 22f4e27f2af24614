// node:assert/strict for the Chromium harness bundle (the browser has no node:assert): the few
// calls the shared fixture helpers make, with the same pass/fail rules and messages naming the case.
class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

const show = (v: unknown) => {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x))?.slice(0, 300) ?? String(v);
  } catch {
    return String(v);
  }
};

function fail(message: unknown, fallback: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message === undefined ? fallback : `${String(message)}: ${fallback}`);
}

/** Deep strict equality as node's (own enumerable keys, same prototype kind, Object.is on leaves). */
function deepEq(a: any, b: any): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<number>, y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEq(a[k], b[k]));
}

function ok(value: unknown, message?: unknown): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}

const assert = Object.assign(ok, {
  AssertionError,
  ok,
  equal(a: unknown, b: unknown, message?: unknown) {
    if (!Object.is(a, b)) fail(message, `${show(a)} !== ${show(b)}`);
  },
  notEqual(a: unknown, b: unknown, message?: unknown) {
    if (Object.is(a, b)) fail(message, `${show(a)} === ${show(b)}`);
  },
  strictEqual(a: unknown, b: unknown, message?: unknown) {
    if (!Object.is(a, b)) fail(message, `${show(a)} !== ${show(b)}`);
  },
  deepEqual(a: unknown, b: unknown, message?: unknown) {
    if (!deepEq(a, b)) fail(message, `${show(a)} deep-differs from ${show(b)}`);
  },
  deepStrictEqual(a: unknown, b: unknown, message?: unknown) {
    if (!deepEq(a, b)) fail(message, `${show(a)} deep-differs from ${show(b)}`);
  },
  match(s: string, re: RegExp, message?: unknown) {
    if (!re.test(s)) fail(message, `${show(s)} does not match ${re}`);
  },
  fail(message?: unknown): never {
    if (message instanceof Error) throw message;
    throw new AssertionError(message === undefined ? "Failed" : String(message));
  },
  throws(fn: () => unknown, expected?: unknown, message?: unknown) {
    try {
      fn();
    } catch (e) {
      if (expected instanceof RegExp) {
        if (!expected.test(String((e as Error)?.message ?? e))) fail(message, `${String(e)} does not match ${expected}`);
      } else if (typeof expected === "function") {
        // an error class (node: instanceof) or a validation function that must return true
        const cls = expected as any;
        if (cls.prototype !== undefined && e instanceof cls) return;
        if (cls.prototype instanceof Error || cls === Error) fail(message, `${String(e)} is not a ${cls.name}`);
        if ((expected as (e: unknown) => unknown)(e) !== true) fail(message, `the validation of ${String(e)} failed`);
      }
      return;
    }
    fail(message, "missing expected exception");
  },
});

export default assert;
export { AssertionError };
