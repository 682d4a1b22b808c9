import { SdkError } from '../src/SdkError.js';
import { validateDump } from '../src/dump/validateDump.js';
import { loadedDump, type LoadedDump } from './LoadedDump.js';
import { gunzip } from './gunzip.js';

/** What the page's data slot held: the dumps, or the error that stopped them loading. */
export interface Embedded {
  dumps: LoadedDump[];
  error?: string;
}

/**
 * Reads the dumps stamped into `<script id="heapcensus-data">` by writeReport / openReport: a
 * JSON array of one or two dumps (or one dump), or `{ names, dumps }`, either as JSON text or,
 * when the slot's type is `application/gzip`, gzip-compressed and base64-encoded. Empty slot:
 * none. Never rejects.
 */
export async function readEmbedded(doc: Document): Promise<Embedded> {
  const slot = doc.getElementById('heapcensus-data');
  const raw = slot?.textContent ?? '';
  if (raw.trim() === '') return { dumps: [] };
  try {
    const text = slot?.getAttribute('type') === 'application/gzip' ? await inflateBase64(raw) : raw;
    let data: unknown;
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      throw new SdkError('E_DUMP_CORRUPT', 'corrupt heapcensus dump: the embedded data is not valid JSON');
    }
    const { list, given } = unwrap(data);
    if (list.length < 1 || list.length > 2) throw new SdkError('E_OPTION', `the page embeds ${list.length} dumps; it shows one or two`);
    const names = given ?? (list.length === 2 ? ['embedded dump 1', 'embedded dump 2'] : ['embedded dump']);
    const dumps = list.map((d, i) => {
      try {
        return loadedDump(names[i]!, validateDump(d));
      } catch (e) {
        throw new Error(`${names[i]!}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    return { dumps };
  } catch (e) {
    return { dumps: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** The embedded dumps and, in the `{ names, dumps }` form, their names (one non-empty string each, clipped). */
function unwrap(data: unknown): { list: unknown[]; given?: string[] } {
  if (Array.isArray(data)) return { list: data };
  const o = data as { names?: unknown; dumps?: unknown; format?: unknown } | null;
  if (o === null || typeof o !== 'object' || o.format !== undefined || !Array.isArray(o.dumps)) return { list: [data] };
  const names = o.names;
  if (!Array.isArray(names) || names.length !== o.dumps.length || !names.every((n) => typeof n === 'string' && n !== '')) {
    throw new SdkError('E_DUMP_CORRUPT', 'corrupt heapcensus report data: "names" must hold one non-empty string per dump');
  }
  return { list: o.dumps, given: names.map((n: string) => n.slice(0, 200)) };
}

/** Base64 text -> gzip bytes -> UTF-8 text, each step with an error naming it. */
async function inflateBase64(b64: string): Promise<string> {
  let binary: string;
  try {
    binary = atob(b64.trim());
  } catch {
    throw new SdkError('E_DUMP_CORRUPT', 'corrupt heapcensus dump: the embedded data is not valid base64');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const inflated = await gunzip(bytes, 'the embedded gzip data');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    throw new SdkError('E_DUMP_CORRUPT', 'corrupt heapcensus dump: the embedded data is not UTF-8 text');
  }
}
