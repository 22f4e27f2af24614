// Tensor and optimizer-state memory lives in this module's linear memory.
// The JS side allocates through these two exports; views must be refreshed
// after growth (the backend checks memory.buffer identity).

export function alloc(bytes: usize): usize {
  // 16-byte alignment keeps v128 loads on natural boundaries.
  return heap.alloc(bytes < 16 ? 16 : bytes);
}

export function dealloc(ptr: usize): void {
  heap.free(ptr);
}
