/** The browser's strict UTF-8 decoder, for the core's dump readers (the core reads no global). */
export const decodeUtf8 = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
