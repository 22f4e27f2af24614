// `auto_warmup` { warmup_steps: n, base_lr }: the guide's warm-up, with the lr set before the
// step it applies to; global_step is read before this step is counted.
import { Auto } from "./auto.ts";

export class AutoWarmup extends Auto {
  optimizerStep(_epoch: number, _batchIdx: number, optimizer: any, _optimizerIdx: number, optimizerClosure: () => unknown): void {
    const { warmup_steps: n, base_lr: baseLr } = this.parts.scenario.recipe.args as { warmup_steps: number; base_lr: number };
    const globalStep = this.trainer!.globalStep;
    if (globalStep < n) {
      const lrScale = Math.min(1, (globalStep + 1) / n);
      for (const pg of optimizer.paramGroups) pg.lr = lrScale * baseLr;
    }
    optimizer.step({ closure: optimizerClosure });
  }
}
