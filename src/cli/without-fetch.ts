// Ink lays out with yoga-layout, whose Emscripten loader reads its inlined WebAssembly through
// fetch() whenever fetch exists: in Node that first loads undici and runs a data: URL through it,
// ~20 ms before the dashboard's first frame. Without fetch the loader decodes the same base64 itself.
// Nothing of ours uses fetch, and it is back as soon as the import settles.
export async function importWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (descriptor === undefined || descriptor.configurable !== true) return load();
  delete (globalThis as { fetch?: unknown }).fetch;
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', descriptor);
  }
}
