/**
 * The browser demo: a small document editor whose model classes are tracked. "Reproduce the
 * leak" turns on an undo history that copies the whole document at every keystroke and is
 * never trimmed; "Fix the leak" stores one paragraph per step and trims to 50 steps. The panel
 * shows live counts; the devtools console has `heapcensus` (installConsole) for snapshots.
 */
import { installConsole, tracker, watchVitals, formatBytes, type Snapshot } from 'heapcensus/browser';
import { EditorDocument } from './model.js';

const SAMPLE = [
  'heapcensus counts the instances of the classes you decorate and sizes them at each snapshot.',
  'Type in any paragraph: every keystroke records an undo step.',
  'Press "Reproduce the leak" and watch Paragraph and UndoStep grow without bound.',
  'Then press "Fix the leak": the history is trimmed and only changed paragraphs are kept.',
  'Open the devtools console and try heapcensus.help().',
];
const SHOWN = 200;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`demo: #${id} is missing from the page`);
  return el as T;
};

const doc = new EditorDocument('Release notes');
doc.add('What is new', 'h2');
for (const s of SAMPLE) doc.add(s);

let leaking = false;

function renderDoc(): void {
  const article = $('doc');
  const frag = document.createDocumentFragment();
  doc.paragraphs.slice(0, SHOWN).forEach((p, i) => {
    const el = document.createElement(p.kind === 'h2' ? 'h2' : 'p');
    el.contentEditable = 'plaintext-only';
    el.spellcheck = false;
    el.textContent = p.text;
    el.dataset['index'] = String(i);
    frag.append(el);
  });
  if (doc.paragraphs.length > SHOWN) {
    const more = document.createElement('p');
    more.className = 'more';
    more.textContent = `... and ${(doc.paragraphs.length - SHOWN).toLocaleString('en-US')} more paragraphs (not shown)`;
    frag.append(more);
  }
  article.replaceChildren(frag);
}

function renderStatus(): void {
  $('undo-count').textContent = `${doc.undo.length} undo / ${doc.redo.length} redo`;
  const mode = $('mode');
  mode.textContent = leaking ? 'leaking: whole document copied per step, history never trimmed' : `fixed: one paragraph per step, last ${doc.historyLimit} steps kept`;
  mode.className = leaking ? 'badge bad' : 'badge good';
}

/**
 * Live counts (instances registered and not yet collected) and the last snapshot's figures.
 * `counts()` keeps running totals: no walk over the records (at a million instances,
 * reading `tracker.index` every second made the page's long tasks).
 */
function renderPanel(): void {
  const live = new Map<string, number>();
  for (const [name, c] of tracker.counts()) live.set(name, c.alive);
  const last: Snapshot | undefined = tracker.snapshots.at(-1);
  const body = document.createDocumentFragment();
  for (const name of [...live.keys()].sort()) {
    const tr = document.createElement('tr');
    const c = last?.classes[name];
    for (const text of [name, live.get(name)!.toLocaleString('en-US'), c ? c.active.toLocaleString('en-US') : '', c ? formatBytes(c.bytes) : '']) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  $('counts').replaceChildren(body);
  $('last').textContent = last === undefined
    ? 'No snapshot yet.'
    : `Snapshot #${last.id} "${last.label}": ${formatBytes(last.trackedTotal)} tracked of ${formatBytes(last.total.bytes)} (${last.total.source}).`;
}

/** Simulates typing `n` characters into paragraph `index`, one undo step per keystroke. */
function type(n: number, index = 1): void {
  const p = doc.paragraphs[index];
  if (p === undefined) return;
  const words = ' lorem ipsum dolor sit amet';
  let text = p.text;
  for (let i = 0; i < n; i++) doc.edit(index, (text += words[i % words.length]));
}

const app = {
  doc,
  /** Turns the leak on and types 300 characters. */
  leak(): void {
    leaking = true;
    doc.copyWholeDocument = true;
    doc.historyLimit = Infinity;
    type(300);
  },
  /** Turns the leak off and trims the history now. */
  fix(): void {
    leaking = false;
    doc.copyWholeDocument = false;
    doc.historyLimit = 50;
    doc.undo.length = 0;
    doc.redo.length = 0;
    doc.changed();
  },
  type,
  /** Imports `n` paragraphs in chunks of 10,000, one task each (for big snapshots). */
  async importParagraphs(n: number): Promise<void> {
    for (let done = 0; done < n; done += 10_000) {
      doc.addMany(Math.min(10_000, n - done), (i) => `Imported paragraph ${done + i}: ${SAMPLE[(done + i) % SAMPLE.length]}`);
      await new Promise((r) => setTimeout(r, 0));
    }
    doc.changed();
  },
  /** Other open documents (a library), e.g. 100 of 1,000 paragraphs each; one task per document. */
  library: [] as EditorDocument[],
  async openDocuments(count: number, paragraphsEach: number): Promise<void> {
    for (let d = 0; d < count; d++) {
      const other = new EditorDocument(`Document ${app.library.length + 1}`);
      other.addMany(paragraphsEach, (i) => `Paragraph ${i}: ${SAMPLE[i % SAMPLE.length]}`);
      app.library.push(other);
      await new Promise((r) => setTimeout(r, 0));
    }
    renderPanel();
  },
  async snapshot(label: string): Promise<Snapshot> {
    const s = await tracker.snapshot(label);
    renderPanel();
    return s;
  },
};

// On the page for the console and the browser tests: `editor.leak()`, `editor.importParagraphs(1e5)`.
(globalThis as { editor?: typeof app }).editor = app;

function wire(): void {
  let fromInput = false;
  doc.onChange(() => {
    // A change typed into the page is already on screen: re-rendering would move the caret.
    if (!fromInput) renderDoc();
    renderStatus();
  });
  $('doc').addEventListener('input', (e) => {
    const el = e.target as HTMLElement;
    const i = Number(el.dataset['index']);
    fromInput = true;
    try {
      doc.edit(i, el.textContent ?? '', 'typing');
    } finally {
      fromInput = false;
    }
  });
  $('btn-type').addEventListener('click', () => type(40));
  $('btn-undo').addEventListener('click', () => doc.undoLast());
  $('btn-redo').addEventListener('click', () => doc.redoLast());
  $('btn-leak').addEventListener('click', () => app.leak());
  $('btn-fix').addEventListener('click', () => app.fix());
  $('btn-snapshot').addEventListener('click', () => {
    void app.snapshot(`button ${tracker.snapshots.length + 1}`);
  });
  $('btn-download').addEventListener('click', () => {
    void tracker.download('heapcensus-demo.json.gz');
  });
  $('isolation').textContent = crossOriginIsolated
    ? 'cross-origin isolated: totals from performance.measureUserAgentSpecificMemory()'
    : 'not cross-origin isolated: totals from performance.memory';
  $('isolation').className = crossOriginIsolated ? 'badge good' : 'badge';
  renderDoc();
  renderStatus();
  renderPanel();
  setInterval(renderPanel, 1000);
}

installConsole();
watchVitals({ snapshotOn: ['LCP', 'hidden'] });
wire();
