/**
 * The demo's document model: a document of paragraphs with an undo history. Every model
 * class is tracked. The leak: in "leaky" mode each undo step keeps a full copy of the
 * document and the history is never trimmed, so Paragraph and UndoStep counts only grow.
 */
import { NotSized, Tracked } from 'heapcensus/browser';

/** What an undo step restores: the whole document (leaky) or one paragraph's old text (fixed). */
export type Restore = { all: Paragraph[] } | { index: number; text: string };

/** One entry of the undo history (its referent tree shows what a step keeps). */
@Tracked({ resolution: 1 })
export class UndoStep {
  readonly label: string;
  readonly restore: Restore;
  readonly time = Date.now();

  constructor(label: string, restore: Restore) {
    this.label = label;
    this.restore = restore;
  }
}

/** A document: title, paragraphs, the undo and redo stacks, and change listeners. */
@Tracked({ resolution: 1 })
export class EditorDocument {
  title: string;
  paragraphs: Paragraph[] = [];
  undo: UndoStep[] = [];
  redo: UndoStep[] = [];
  /** Undo steps kept; `Infinity` while the leak is on. */
  historyLimit = 50;
  /** Leaky mode: each step snapshots the whole document. */
  copyWholeDocument = false;
  private readonly listeners = new Set<() => void>();

  constructor(title: string) {
    this.title = title;
  }

  /** Calls `fn` after every change; returns an unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  add(text: string, kind: Paragraph['kind'] = 'p'): Paragraph {
    const p = new Paragraph(this, text, kind);
    this.paragraphs.push(p);
    this.changed();
    return p;
  }

  /** Adds `n` paragraphs without notifying (bulk import); the caller calls `changed()` once. */
  addMany(n: number, make: (i: number) => string): void {
    for (let i = 0; i < n; i++) this.paragraphs.push(new Paragraph(this, make(i)));
  }

  /** Replaces a paragraph's text, recording an undo step. */
  edit(index: number, text: string, label = 'typing'): void {
    const p = this.paragraphs[index];
    if (p === undefined || p.text === text) return;
    const restore: Restore = this.copyWholeDocument ? { all: this.paragraphs.map((q) => q.clone()) } : { index, text: p.text };
    this.undo.push(new UndoStep(label, restore));
    this.redo.length = 0;
    p.text = text;
    p.edits++;
    this.trim();
    this.changed();
  }

  undoLast(): void {
    const step = this.undo.pop();
    if (step === undefined) return;
    this.redo.push(this.apply(step));
    this.changed();
  }

  redoLast(): void {
    const step = this.redo.pop();
    if (step === undefined) return;
    this.undo.push(this.apply(step));
    this.changed();
  }

  /** Drops the oldest undo steps beyond `historyLimit`. */
  trim(): void {
    const excess = this.undo.length - this.historyLimit;
    if (excess > 0) this.undo.splice(0, excess);
  }

  changed(): void {
    for (const fn of this.listeners) fn();
  }

  /** Applies a step; returns the step that reverses it. */
  private apply(step: UndoStep): UndoStep {
    const r = step.restore;
    if ('all' in r) {
      const current = this.paragraphs;
      this.paragraphs = r.all.map((q) => q.clone());
      return new UndoStep(step.label, { all: current });
    }
    const p = this.paragraphs[r.index];
    const now = p?.text ?? '';
    if (p !== undefined) p.text = r.text;
    return new UndoStep(step.label, { index: r.index, text: now });
  }
}

// Declared last: legacy decorator metadata (design:type) reads EditorDocument when this class is defined.
/** One paragraph; `doc` points back at its document and is not charged to the paragraph. */
@Tracked()
export class Paragraph {
  @NotSized() doc: EditorDocument;
  text: string;
  kind: 'p' | 'h2' | 'li';
  edits = 0;

  constructor(doc: EditorDocument, text: string, kind: 'p' | 'h2' | 'li' = 'p') {
    this.doc = doc;
    this.text = text;
    this.kind = kind;
  }

  clone(): Paragraph {
    const p = new Paragraph(this.doc, this.text, this.kind);
    p.edits = this.edits;
    return p;
  }
}
