/**
 * The byte arrays `parts` joined into one (`total`: their summed length): the part itself when
 * there is only one. Both gzip inflaters (platform/browser, report/) collect their output so.
 */
export function concatBytes(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const all = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}
