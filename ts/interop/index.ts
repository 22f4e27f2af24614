// PyTorch interop: safetensors read/write, torch.save files (read through a restricted
// unpickler that never runs code from a file; written with only the types it reads back).
export { loadSafetensors, saveSafetensors, parseSafetensors, serializeSafetensors, type SafetensorsFile, type NamedTensors } from "./safetensors.ts";
export { torchLoad, parseTorchFile, stateDictFromLoaded, type Loaded } from "./torch_load.ts";
export { torchSave, serializeTorchFile } from "./torch_save.ts";
export { tuple, pyFloat, type PickleInput } from "./pickle_writer.ts";
export { PyDict, PyObject, PyAttr, PyGlobal, type PyValue, type TorchDtype } from "./pickle_values.ts";
export { type TensorData, type NamedTensorData, isTensorData } from "./tensor_data.ts";
export { InteropFormatError, UnpicklingError } from "./errors.ts";
export type { BytesSource } from "./bytes_source.ts";
