// Errors of checkpoint writing and loading.
import { FulgurError } from "../errors.ts";

/** A checkpoint file that is not a fulgur checkpoint, or is damaged, or of an unsupported version. */
export class CheckpointFormatError extends FulgurError {
  override name = "CheckpointFormatError";
}

/** A checkpoint that does not fit the model / optimizers / schedulers it is loaded into. */
export class CheckpointMismatchError extends FulgurError {
  override name = "CheckpointMismatchError";
}

/** A checkpoint path with no file behind it (Python's FileNotFoundError). */
export class CheckpointNotFoundError extends FulgurError {
  override name = "CheckpointNotFoundError";
}

/** The storage under a CheckpointIO failed (IndexedDB unavailable, blocked, quota exceeded). */
export class CheckpointIOError extends FulgurError {
  override name = "CheckpointIOError";
}
