// Errors named like the Python exceptions torch raises, so "ValueError: <message>" reads
// the same as torch's text (conformance error scenarios compare against it).
// Wrong types use JavaScript's own TypeError, whose name already matches Python's.

export class ValueError extends Error {
  override name = "ValueError";
}

export class KeyError extends Error {
  override name = "KeyError";
}
