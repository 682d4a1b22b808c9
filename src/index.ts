/**
 * heapcensus core: platform-free. The package entries (platform/node, platform/browser)
 * bind it to a Platform and re-export it; import from "heapcensus", not from here.
 */
export { ClassTracker, type TrackerOptions, type SnapshotOptions, type ClassCounts, type SnapshotListener } from './tracker/ClassTracker.js';
export { createTracked, type TrackedOptions, type TrackedDecorator } from './tracker/Tracked.js';
export { NotSized } from './sizer/NotSized.js';
export { TRACKED_METADATA } from './tracker/classState.js';
export { TrackedObject } from './tracker/TrackedObject.js';
export { CountHistory } from './tracker/CountHistory.js';
export { SdkError, type SdkErrorCode } from './SdkError.js';
export { Sizer, sizeOf, asized, preview, type SizerOptions, type Sized } from './sizer/index.js';
export { DUMP_FORMAT, DUMP_VERSION } from './dump/Dump.js';
export type { Dump, DumpSnapshot, RefTuple, FrameTuple, Table, InstanceField } from './dump/Dump.js';
export type { Platform, SnapshotProgress } from './platform.js';
export type * from './types.js';
export { Stats, SORT_KEYS, type SortKey, type StatsOptions, type FormatStatsOptions, type DiffOptions, type SummaryOptions } from './stats/Stats.js';
export { StatsDiff, type ClassDiff, type DiffSide, type DiffFormatOptions } from './stats/StatsDiff.js';
export { loadDump, type LoadDumpOptions } from './dump/loadDump.js';
export { DEFAULT_MAX_DUMP_BYTES } from './dump/dumpLimit.js';
export { validateDump } from './dump/validateDump.js';
export { dumpReader, type DumpReader, type InstanceView, type SizeView } from './dump/dumpReader.js';
export { formatBytes, formatBytesPadded, formatTime, formatPct } from './stats/format.js';
export { createSdk, type PlatformSdk } from './createSdk.js';
