import { loadEmbeddedDumpsInStages } from '../src/dump/loadDump.js';
import { SdkError } from '../src/SdkError.js';
import { decodeUtf8 } from './decodeUtf8.js';
import { gunzip } from './gunzip.js';
import type { Pending } from './opening.js';

/** What the page's data slot held: the dumps being opened (overview checked), or the error that stopped them. */
export interface Embedded {
  pending: Pending[];
  error?: string;
}

/**
 * Reads the dumps stamped into `<script id="heapcensus-data">` by writeReport / openReport, as JSON
 * text or, when the slot's type is `application/gzip`, gzip-compressed and base64-encoded. Parsing
 * and validation are the core's `loadEmbeddedDumpsInStages` (loadDump's checks and messages): the
 * overviews are checked here, the rows by `finish` (report/opening.ts). Empty slot: none. Never rejects.
 */
export async function readEmbedded(doc: Document): Promise<Embedded> {
  const slot = doc.getElementById('heapcensus-data');
  const raw = slot?.textContent ?? '';
  if (raw.trim() === '') return { pending: [] };
  try {
    const input = slot?.getAttribute('type') === 'application/gzip' ? await inflateBase64(raw) : raw;
    performance.mark('heapcensus:read');
    const { stages, names } = loadEmbeddedDumpsInStages(input, { decodeUtf8 });
    performance.mark('heapcensus:overview-checked');
    // The names are in the stages' messages already: no source prefix.
    return { pending: stages.map((s, i) => ({ source: names[i]!, stages: s, named: true })) };
  } catch (e) {
    return { pending: [], error: e instanceof Error ? e.message : String(e) };
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
