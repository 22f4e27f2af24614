// Errors named like the Python exceptions torch raises, so "ValueError: <message>" reads
// the same as torch's text (conformance error scenarios compare against it). They are
// FulgurError subclasses (ts/errors.ts); TypeError is FulgurTypeError, also a JS TypeError.
export { ValueError, KeyError, FulgurTypeError } from "../../errors.ts";
