import { loadEmbeddedDumps } from '../src/dump/loadDump.js';
import { SdkError } from '../src/SdkError.js';
import { loadedDump, type LoadedDump } from './LoadedDump.js';
import { decodeUtf8 } from './decodeUtf8.js';
import { gunzip } from './gunzip.js';

/** What the page's data slot held: the dumps, or the error that stopped them loading. */
export interface Embedded {
  dumps: LoadedDump[];
  error?: string;
}

/**
 * Reads the dumps stamped into `<script id="heapcensus-data">` by writeReport / openReport, as JSON
 * text or, when the slot's type is `application/gzip`, gzip-compressed and base64-encoded. Parsing
 * and validation are the core's `loadEmbeddedDumps` (loadDump's checks and messages). Empty slot:
 * none. Never rejects.
 */
export async function readEmbedded(doc: Document): Promise<Embedded> {
  const slot = doc.getElementById('heapcensus-data');
  const raw = slot?.textContent ?? '';
  if (raw.trim() === '') return { dumps: [] };
  try {
    const input = slot?.getAttribute('type') === 'application/gzip' ? await inflateBase64(raw) : raw;
    const { dumps, names } = loadEmbeddedDumps(input, { decodeUtf8 });
    return { dumps: dumps.map((d, i) => loadedDump(names[i]!, d)) };
  } catch (e) {
    return { dumps: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** Base64 text -> inflated bytes (loadDump decodes them), each step with an error naming it. */
async function inflateBase64(b64: string): Promise<Uint8Array> {
  let binary: string;
  try {
    binary = atob(b64.trim());
  } catch {
    throw new SdkError('E_DUMP_CORRUPT', 'corrupt heapcensus dump: the embedded data is not valid base64');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return gunzip(bytes, 'the embedded gzip data');
}
