import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DUMP_FORMAT, DUMP_VERSION } from '../../src/dump/Dump.js';
import { loadDump } from '../../src/dump/loadDump.js';
import { Stats } from '../../src/stats/Stats.js';
import { makeDump } from './helpers/makeDump.js';

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('schema/dump.schema.json', root), 'utf8')) as {
  $schema: string;
  required: string[];
  properties: Record<string, { const?: string }>;
};
const doc = readFileSync(new URL('docs/dump-format.md', root), 'utf8');

describe('docs/dump-format.md and schema/dump.schema.json', () => {
  test('the schema is draft 2020-12 and requires exactly the top-level fields a dump has', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties['format']!.const).toBe(DUMP_FORMAT);
    expect([...schema.required].sort()).toEqual(Object.keys(makeDump()).sort());
  });

  test('every top-level field is documented', () => {
    for (const k of Object.keys(makeDump())) expect(doc).toContain(`| \`${k}\` |`);
  });

  test('the documented example loads and prints', () => {
    const block = /## Example\s+```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const d = loadDump(block);
    expect(d.version).toBe(DUMP_VERSION);
    const s = Stats.from(d);
    expect(s.summary()).toContain('after load');
    expect(s.formatStats()).toContain('.data: Array(1000)');
    expect(s.reader.instance(2)!.death).toBe(900.1);
  });
});
