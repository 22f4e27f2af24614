// The one rule for in-place ops (add_, fill_, uniform_, ...): torch refuses them on a leaf that
// requires grad unless grad mode is off (initialisation and parameter surgery run under noGrad).
import { isGradEnabled } from "./grad_mode.ts";
import type { Tensor } from "./tensor.ts";
import { FulgurRuntimeError } from "../errors.ts";

export function assertInplaceAllowed(t: Tensor, op: string): void {
  if (t.requiresGrad && t.isLeaf && isGradEnabled()) {
    throw new FulgurRuntimeError(`a leaf Variable that requires grad is being used in an in-place operation. (${op})`);
  }
  if (t.requiresGrad && !t.isLeaf && isGradEnabled()) {
    // fulgur's results are new tensors, never views: an in-place write into a graph node would
    // silently change saved values, so it is refused (torch tracks versions instead).
    throw new FulgurRuntimeError(`${op}: in-place operations on a tensor that is part of a graph are not supported; use the out-of-place form`);
  }
}
