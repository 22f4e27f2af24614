// Error types the trainer raises. Messages follow Lightning 1.9.5's wording so a user
// searching for them finds Lightning's documentation.

// The base class and the Python-named errors live in the leaf module ts/errors.ts (every layer
// extends them); re-exported here so trainer code and users keep importing them from the trainer.
import { FulgurError } from "../errors.ts";
export { FulgurError, ValueError, FulgurTypeError, FulgurRuntimeError } from "../errors.ts";

/** A configuration Lightning rejects (Lightning's `MisconfigurationException`). */
export class MisconfigurationException extends FulgurError {
  override name = "MisconfigurationException";
}

/** `detectAnomaly: true` found a NaN/Inf in a forward output or a gradient. */
export class AnomalyDetectedError extends FulgurError {
  override name = "AnomalyDetectedError";
}

/** Thrown by the Tuner from onFitStart to end the fit it ran in (Lightning's `_TunerExitException`); fit() catches it. */
export class TunerExitException extends FulgurError {
  override name = "TunerExitException";
}
