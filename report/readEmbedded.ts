import { SdkError } from '../src/SdkError.js';
import { validateDump } from '../src/validateDump.js';
import { loadedDump, type LoadedDump } from './LoadedDump.js';

/** What the page's data slot held: the dumps, or the error that stopped them loading. */
export interface Embedded {
  dumps: LoadedDump[];
  error?: string;
}

/**
 * Reads the dumps stamped into `<script type="application/json" id="heapcensus-data">` by
 * writeReport / openReport: a JSON array of one or two dumps (or one dump). Empty slot: none.
 */
export function readEmbedded(doc: Document): Embedded {
  const text = doc.getElementById('heapcensus-data')?.textContent ?? '';
  if (text.trim() === '') return { dumps: [] };
  try {
    let data: unknown;
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      throw new SdkError('E_DUMP_CORRUPT', 'corrupt heapcensus dump: the embedded data is not valid JSON');
    }
    const list = Array.isArray(data) ? data : [data];
    if (list.length < 1 || list.length > 2) throw new SdkError('E_OPTION', `the page embeds ${list.length} dumps; it shows one or two`);
    const names = list.length === 2 ? ['embedded dump 1', 'embedded dump 2'] : ['embedded dump'];
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
