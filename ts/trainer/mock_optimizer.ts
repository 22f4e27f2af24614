// Lightning's `_MockOptimizer`: stands in when `configureOptimizers` returns nothing, so the
// loops still run the closure (training_step + backward) every batch.
export class MockOptimizer {
  paramGroups: { params: any[]; lr: number }[] = [];
  state = new Map();
  defaults: Record<string, unknown> = {};
  step(closure?: () => unknown): unknown {
    return closure ? closure() : undefined;
  }
  zeroGrad(_setToNone = false): void {}
  addParamGroup(_group: unknown): void {}
  stateDict(): Record<string, unknown> { return {}; }
  loadStateDict(_sd: unknown): void {}
  toString(): string { return "No Optimizer"; }
}
