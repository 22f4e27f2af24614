// `auto_clip_per_optimizer` { val?, algorithm? }: the guide's configure_gradient_clipping —
// optimizer 0 clipped at val, optimizer 1 at val * 2, others not clipped. Without `val` in the
// args, val/algorithm are the hook's arguments (the Trainer flags), as in the guide verbatim.
import { Auto } from "./auto.ts";

export class AutoClipPerOptimizer extends Auto {
  configureGradientClipping(optimizer: any, optimizerIdx: number, gradientClipVal?: number | null, gradientClipAlgorithm?: string | null): void {
    const args = this.parts.scenario.recipe.args as { val?: number; algorithm?: string };
    const val = args.val !== undefined ? args.val : gradientClipVal;
    const algorithm = args.val !== undefined ? args.algorithm : gradientClipAlgorithm;
    if (optimizerIdx === 0) {
      this.clipGradients(optimizer, val, algorithm);
    } else if (optimizerIdx === 1) {
      this.clipGradients(optimizer, (val as number) * 2, algorithm);
    }
  }
}
