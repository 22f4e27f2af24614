// Options of torch's LR schedulers: known keys (torch's TypeError for an unknown one, with the
// closest valid name), required arguments and the values torch would divide by or turn into NaN
// (StepLR stepSize 0 never changed the lr; CosineAnnealingLR tMax 0 and ExponentialLR gamma NaN
// made it NaN, caught only later as a "non-finite loss").
import { FulgurTypeError, ValueError } from "../errors.ts";
import { checkKnownKeys, checkNumber } from "./options.ts";

const BASE = ["lastEpoch", "verbose"];

/** Each scheduler's option keys, and its required ones with torch's parameter names. */
const SPEC: Record<string, { keys: string[]; required?: Array<[string, string]> }> = {
  StepLR: { keys: ["stepSize", "gamma", ...BASE], required: [["stepSize", "step_size"]] },
  MultiStepLR: { keys: ["milestones", "gamma", ...BASE], required: [["milestones", "milestones"]] },
  ExponentialLR: { keys: ["gamma", ...BASE], required: [["gamma", "gamma"]] },
  CosineAnnealingLR: { keys: ["tMax", "etaMin", ...BASE], required: [["tMax", "T_max"]] },
  CosineAnnealingWarmRestarts: { keys: ["t0", "tMult", "etaMin", ...BASE], required: [["t0", "T_0"]] },
  ConstantLR: { keys: ["factor", "totalIters", ...BASE] },
  LinearLR: { keys: ["startFactor", "endFactor", "totalIters", ...BASE] },
  PolynomialLR: { keys: ["totalIters", "power", ...BASE] },
  LambdaLR: { keys: ["lrLambda", ...BASE], required: [["lrLambda", "lr_lambda"]] },
  MultiplicativeLR: { keys: ["lrLambda", ...BASE], required: [["lrLambda", "lr_lambda"]] },
  CyclicLR: {
    keys: ["baseLr", "maxLr", "stepSizeUp", "stepSizeDown", "mode", "gamma", "scaleFn", "scaleMode", "cycleMomentum", "baseMomentum", "maxMomentum", ...BASE],
    required: [["baseLr", "base_lr"], ["maxLr", "max_lr"]],
  },
  OneCycleLR: {
    keys: ["maxLr", "totalSteps", "epochs", "stepsPerEpoch", "pctStart", "annealStrategy", "cycleMomentum", "baseMomentum", "maxMomentum", "divFactor", "finalDivFactor", "threePhase", ...BASE],
    required: [["maxLr", "max_lr"]],
  },
  ReduceLROnPlateau: { keys: ["mode", "factor", "patience", "threshold", "thresholdMode", "cooldown", "minLr", "eps", "verbose"] },
  SequentialLR: { keys: ["schedulers", "milestones", "lastEpoch", "verbose"], required: [["schedulers", "schedulers"], ["milestones", "milestones"]] },
};

/** Validates a scheduler's options object before the scheduler touches the optimizer. */
export function validateSchedulerOptions(name: string, opts: unknown): void {
  const spec = SPEC[name];
  if (spec === undefined) return;
  const required = spec.required ?? [];
  if ((opts === undefined || opts === null) && required.length) {
    throw new FulgurTypeError(`${name}.__init__() missing required argument${required.length > 1 ? "s" : ""}: ${required.map(([, py]) => `'${py}'`).join(", ")} (pass { ${required.map(([k]) => `${k}: ...`).join(", ")} })`);
  }
  checkKnownKeys(name, opts, spec.keys);
  const o = (opts ?? {}) as Record<string, unknown>;
  for (const [k, py] of required) {
    if (o[k] === undefined) throw new FulgurTypeError(`${name}.__init__() missing 1 required positional argument: '${py}' (pass { ${k}: ... })`);
  }
  if (o.lastEpoch !== undefined) checkNumber(name, "lastEpoch", o.lastEpoch, { integer: true, min: -1 });
  if (o.gamma !== undefined && name !== "CyclicLR") checkNumber(name, "gamma", o.gamma, {});
  if (o.etaMin !== undefined) checkNumber(name, "etaMin", o.etaMin, {});
  switch (name) {
    case "StepLR":
      checkNumber(name, "stepSize", o.stepSize, { integer: true });
      // torch computes last_epoch % step_size: 0 is a ZeroDivisionError there, a negative one never decays
      if ((o.stepSize as number) <= 0) throw new ValueError(`StepLR: 'stepSize' must be a positive integer, got ${o.stepSize as number}`);
      break;
    case "CosineAnnealingLR":
      checkNumber(name, "tMax", o.tMax, {});
      // torch divides by T_max (ZeroDivisionError at the first step)
      if (o.tMax === 0) throw new ValueError("CosineAnnealingLR: 'tMax' must not be 0 (torch divides by T_max: ZeroDivisionError)");
      break;
    case "ExponentialLR":
      break;
    case "CosineAnnealingWarmRestarts":
      checkNumber(name, "t0", o.t0, {});
      break;
  }
}
