// torch's constructor checks, with torch's messages.
import { ValueError } from "../errors.ts";

export function checkLr(lr: number): void {
  if (!(0 <= lr)) throw new ValueError(`Invalid learning rate: ${lr}`);
}

export function checkEps(eps: number): void {
  if (!(0 <= eps)) throw new ValueError(`Invalid epsilon value: ${eps}`);
}

export function checkBetas(betas: readonly number[]): void {
  if (!(0 <= betas[0] && betas[0] < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${betas[0]}`);
  if (!(0 <= betas[1] && betas[1] < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${betas[1]}`);
}

export function checkWeightDecay(wd: number): void {
  if (!(0 <= wd)) throw new ValueError(`Invalid weight_decay value: ${wd}`);
}

/** torch's "Invalid <name> value: <v>" (JS prints 1.5 / -1 / 0.001 as Python does). */
export function checkValue(label: string, ok: boolean, v: number): void {
  if (!ok) throw new ValueError(`Invalid ${label} value: ${v}`);
}
