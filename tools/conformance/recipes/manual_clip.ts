// `manual_clip` { val, algorithm }: manual_basic with clip_gradients between backward and step.
import { ManualBasic } from "./manual_basic.ts";

export class ManualClip extends ManualBasic {
  beforeStep(opt: any): void {
    const { val, algorithm } = this.parts.scenario.recipe.args as { val: number; algorithm: string };
    this.clipGradients(opt, { gradientClipVal: val, gradientClipAlgorithm: algorithm });
  }
}
