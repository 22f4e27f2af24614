// Error types the trainer raises. Messages follow Lightning 1.9.5's wording so a user
// searching for them finds Lightning's documentation.

/** Base class of every error fulgur raises on purpose. */
export class FulgurError extends Error {
  // names are spelled out: bundlers may rename classes (ValueError → ValueError2)
  override name = "FulgurError";
}

/** A configuration Lightning rejects (Lightning's `MisconfigurationException`). */
export class MisconfigurationException extends FulgurError {
  override name = "MisconfigurationException";
}

/** Python's `ValueError`, where Lightning raises one (e.g. missing optimizer frequencies). */
export class ValueError extends FulgurError {
  override name = "ValueError";
}

/** Python's `TypeError` where Lightning raises one for a wrongly typed Trainer argument. */
export class FulgurTypeError extends FulgurError {
  override name = "TypeError";
}

/** Python's `RuntimeError`, where Lightning raises one (e.g. EarlyStopping on a missing metric). */
export class FulgurRuntimeError extends FulgurError {
  override name = "RuntimeError";
}

/** `detectAnomaly: true` found a NaN/Inf in a forward output or a gradient. */
export class AnomalyDetectedError extends FulgurError {
  override name = "AnomalyDetectedError";
}
