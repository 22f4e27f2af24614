// torch's UserWarnings, shown once per message (Python's default warning filter shows a
// warning once per call site; once per text is the closest runtime-neutral equivalent).
const shown = new Set<string>();

export function warnOnce(message: string): void {
  if (shown.has(message)) return;
  shown.add(message);
  console.warn(`UserWarning: ${message}`);
}

export const EPOCH_DEPRECATION_WARNING =
  "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. " +
  "Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, " +
  "the closed form is used instead of the new chainable form, where available. Please open an issue if you are " +
  "unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.";
