// `auto_alternate` { every: k }: the guide's alternating optimizer_step — optimizer 0 steps
// every batch, the others every k-th batch and otherwise only run the closure.
import { Auto } from "./auto.ts";

export class AutoAlternate extends Auto {
  optimizerStep(_epoch: number, batchIdx: number, optimizer: any, optimizerIdx: number, optimizerClosure: () => unknown): void {
    const every = this.parts.scenario.recipe.args.every as number;
    if (optimizerIdx === 0 || (batchIdx + 1) % every === 0) {
      optimizer.step({ closure: optimizerClosure });
    } else {
      optimizerClosure();
    }
  }
}
