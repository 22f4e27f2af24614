// GPU tensors known to hold only +0: written by a clear command (zero_grad) and not written
// since. Backward may then hand a leaf its incoming gradient instead of dispatching 0 + g.
// Every in-place GPU write goes through gpuBufferOf(..., forWrite), which forgets the mark.
const zeros = new WeakSet<object>();

export function markKnownZero(dataId: object): void {
  zeros.add(dataId);
}

export function forgetKnownZero(dataId: object): void {
  zeros.delete(dataId);
}

export function isKnownZero(dataId: object): boolean {
  return zeros.has(dataId);
}
