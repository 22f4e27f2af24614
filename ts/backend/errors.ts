// Errors of the execution layer, and the translation of tfjs-core's plain Errors into fulgur's.
// IndexError sits here (not in ts/errors.ts) because backend, autograd and nn all raise it and
// this is the highest layer they share that this module's owner may edit.
import { FulgurError, FulgurRuntimeError } from "../errors.ts";

/** Python's `IndexError` (torch: "Dimension out of range", "Target 5 is out of bounds."). */
export class IndexError extends FulgurError {
  override name = "IndexError";
}

/**
 * torch's `NotImplementedError` ("Could not run 'aten::x' with arguments from the 'CUDA'
 * backend"): the active tfjs backend has no kernel for an op. Like Python's, it is a RuntimeError.
 */
export class NotImplementedError extends FulgurRuntimeError {
  override name = "NotImplementedError";
  constructor(readonly kernel: string, readonly backend: string, readonly op: string) {
    super(
      `Could not run '${kernel}' with arguments from the '${backend}' backend (needed by ${op}): ` +
        `the tfjs backend '${backend}' has no '${kernel}' kernel registered. ` +
        "Use an op it implements, or pick another backend with init({ backend }).",
    );
  }
}

// tfjs-core's engine.runKernel wording (stable since tfjs 2).
const MISSING_KERNEL = /^Kernel '([^']+)' not registered for backend '([^']+)'$/;

/**
 * What an error escaping `op` should become: fulgur's errors pass through, tfjs-core's plain
 * `Error`s become a NotImplementedError (missing kernel) or a RuntimeError prefixed with the op;
 * JavaScript's own errors (TypeError from a bug, RangeError) are left as they are.
 */
export function asFulgurError(e: unknown, op: string): unknown {
  if (e instanceof FulgurError || !(e instanceof Error) || e.constructor !== Error) return e;
  const missing = MISSING_KERNEL.exec(e.message);
  if (missing !== null) return new NotImplementedError(missing[1], missing[2], op);
  const err = new FulgurRuntimeError(`${op}: ${e.message}`);
  (err as { cause?: unknown }).cause = e;
  return err;
}
