// Recipe name → its LightningModule class. Loaded lazily: a recipe module extends
// LightningModule, so it is evaluated only once the trainer layer is known to export it.
import type { ScenarioParts } from "./base.ts";

type RecipeClass = new (parts: ScenarioParts) => any;

const RECIPES: Record<string, () => Promise<RecipeClass>> = {
  auto: async () => (await import("./auto.ts")).Auto,
  auto_alternate: async () => (await import("./auto_alternate.ts")).AutoAlternate,
  auto_warmup: async () => (await import("./auto_warmup.ts")).AutoWarmup,
  auto_clip_per_optimizer: async () => (await import("./auto_clip_per_optimizer.ts")).AutoClipPerOptimizer,
  manual_basic: async () => (await import("./manual_basic.ts")).ManualBasic,
  manual_accumulate: async () => (await import("./manual_accumulate.ts")).ManualAccumulate,
  manual_gan: async () => (await import("./manual_gan.ts")).ManualGan,
  manual_closure: async () => (await import("./manual_closure.ts")).ManualClosure,
  manual_sched: async () => (await import("./manual_sched.ts")).ManualSched,
  manual_plateau: async () => (await import("./manual_plateau.ts")).ManualPlateau,
  manual_clip: async () => (await import("./manual_clip.ts")).ManualClip,
};

export const recipeNames = (): string[] => Object.keys(RECIPES);

export function loadRecipe(name: string): Promise<RecipeClass> | null {
  return RECIPES[name]?.() ?? null;
}
