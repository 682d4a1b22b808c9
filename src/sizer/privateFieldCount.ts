/**
 * Estimates how many in-object slots a class's private members take per instance, from the
 * class's source text (reflection cannot see `#fields`): one per non-static `#field`, plus
 * one brand slot when it has non-static private methods or accessors. 0 for non-class source.
 */
export function privateFieldCount(source: string): number {
  if (!source.startsWith('class')) return 0;
  const n = source.length;
  let depth = 0;
  let fields = 0;
  let brand = false;
  let prev = ''; // the last significant word or punctuation at class-body depth
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x27 || c === 0x22 || c === 0x60) { // ' " `: skip the literal (templates: ${} nesting not parsed)
      for (i++; i < n && source.charCodeAt(i) !== c; i++) if (source.charCodeAt(i) === 0x5c) i++;
      prev = 'lit';
      continue;
    }
    if (c === 0x2f && source.charCodeAt(i + 1) === 0x2f) { // line comment
      while (i < n && source.charCodeAt(i) !== 0x0a) i++;
      continue;
    }
    if (c === 0x2f && source.charCodeAt(i + 1) === 0x2a) { // block comment
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === 0x7b) { depth++; prev = '{'; continue; }
    if (c === 0x7d) { depth--; prev = '}'; continue; }
    if (depth !== 1) continue;
    if (c === 0x23) { // '#': a member name at class-body level
      let j = i + 1;
      while (j < n && isIdent(source.charCodeAt(j))) j++;
      let k = j;
      while (k < n && (source[k] === ' ' || source[k] === '\t')) k++;
      const next = source[k];
      if (prev !== 'static' && prev !== '.') { // `this.#x` in an initializer is a use, not a member
        if (next === '(') brand = true;
        else if (prev === 'get' || prev === 'set') brand = true;
        else fields++;
      }
      i = j - 1;
      prev = '#';
      continue;
    }
    if (isIdent(c) && !(c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && isIdent(source.charCodeAt(j))) j++;
      const word = source.slice(i, j);
      // `static` applies to the next member only; a `;`, `}` or newline-separated member resets it.
      if (word === 'static' || word === 'get' || word === 'set' || word === 'async') prev = word === 'async' ? prev : word;
      else prev = 'w';
      i = j - 1;
      continue;
    }
    if (c === 0x0a) { if (prev !== 'static' && prev !== 'get' && prev !== 'set') prev = ';'; }
    else if (c === 0x3b || c === 0x3d || c === 0x28 || c === 0x2e) prev = c === 0x2e ? '.' : ';';
  }
  return fields + (brand ? 1 : 0);
}

/** [A-Za-z0-9_$] (non-ASCII identifiers are rare enough to ignore here). */
function isIdent(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24;
}
