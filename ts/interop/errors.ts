// Errors of the interop readers: a file that is not what it claims is named, with the problem.
import { FulgurError } from "../errors.ts";

/** A damaged, truncated or unsupported safetensors / torch.save / zip file. */
export class InteropFormatError extends FulgurError {
  override name = "InteropFormatError";
}

/** Python's pickle.UnpicklingError: the pickle names a global or opcode the restricted reader refuses. */
export class UnpicklingError extends FulgurError {
  override name = "UnpicklingError";
}
