// Text rules shared by every record: NFC storage, no control characters, limits.

/**
 * Characters other than tab and newline below U+0020, DEL, the C1 controls, and a lone
 * surrogate (half of a pair, which JSON's \ud800 escape can carry: it is no character, and
 * SQLite would store it as U+FFFD, so the row would read back other than it was written).
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Unicode NFC, with Windows and old-Mac line ends made \n. */
export function normalizeText(s: string): string {
  return (s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s).normalize('NFC');
}

/** The first control character (other than tab and newline) in s, or undefined. */
export function findControlChar(s: string): string | undefined {
  const m = CONTROL.exec(s);
  return m ? m[0] : undefined;
}

/** A lone surrogate, as findControlChar reports one. */
export function isLoneSurrogate(c: string): boolean {
  const u = c.charCodeAt(0);
  return u >= 0xd800 && u <= 0xdfff;
}

export function describeControlChar(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Length in user-perceived characters (code points after NFC), as limits are stated. */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const CONTROL_ALL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Text for a message on a terminal: control characters (an ESC sequence quoted from a bad
 * input, say) written as \u001B, so that what an input holds cannot drive the terminal.
 */
export function printable(s: string): string {
  return s.replace(CONTROL_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
