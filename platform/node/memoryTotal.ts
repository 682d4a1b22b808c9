import v8 from 'node:v8';
import type { MemoryTotal } from '../../src/types.js';

/** Node's JS heap in use (`process.memoryUsage().heapUsed`), with the process and V8 heap figures as breakdown. */
export function memoryTotal(): MemoryTotal {
  const m = process.memoryUsage();
  const h = v8.getHeapStatistics();
  return {
    bytes: m.heapUsed,
    source: 'process.memoryUsage',
    breakdown: {
      rss: m.rss,
      heapTotal: m.heapTotal,
      heapUsed: m.heapUsed,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      totalHeapSize: h.total_heap_size,
      usedHeapSize: h.used_heap_size,
      heapSizeLimit: h.heap_size_limit,
      mallocedMemory: h.malloced_memory,
    },
  };
}
