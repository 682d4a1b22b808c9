/** The JS heap in use plus array buffers after two full GCs (tests need --expose-gc): what a process retains. */
export function heapInUse(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('tests need --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
