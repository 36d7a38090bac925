// The UTF-8 of a row's long text made once, and the bytes of a hash's input assembled in one
// buffer and given to the digest in one call.
//
// An insert hands a body to SQLite, to its revision's hash and to its search entry's hash,
// and each encoded it to UTF-8 on its own: V8's encoder measures the bytes first and then
// writes them, two passes that each cost more than the SHA digest of the text; and each
// update() of a digest costs about a microsecond besides. ICU's converter (buffer.transcode)
// makes the same bytes from the text's UTF-16 three to five times faster; made once, they
// serve all three.
import { transcode } from 'node:buffer';

/** Below this length a text is simply written where it is used: sharing it would cost more. */
export const SHARED_TEXT_MIN = 1024;

let utf16 = Buffer.allocUnsafe(1 << 16);
let scratch = Buffer.allocUnsafe(1 << 16);
let sharedText: string | undefined;
let sharedBytes: Buffer | undefined;

/**
 * The UTF-8 of a long text (a lone surrogate as U+FFFD, as a digest encodes it; SQLite's
 * string binding does not, so such a text is bound as a string), encoded once for the uses
 * of one row. Do not change the bytes; they may be a
 * view of a buffer reused for the next text, so use them before asking for another.
 */
export function sharedUtf8(s: string): Buffer {
  if (s !== sharedText || sharedBytes === undefined) {
    sharedBytes = undefined;
    if (typeof transcode === 'function') {
      if (utf16.length < s.length * 2) utf16 = Buffer.allocUnsafe(Math.max(s.length * 2, utf16.length * 2));
      try {
        sharedBytes = transcode(utf16.subarray(0, utf16.write(s, 0, 'utf16le')), 'utf16le', 'utf8');
      } catch {
        // A lone surrogate: ICU refuses it; V8's encoder writes U+FFFD.
      }
    }
    if (sharedBytes === undefined) {
      // At most 3 bytes of UTF-8 for each UTF-16 code unit.
      if (scratch.length < s.length * 3) scratch = Buffer.allocUnsafe(Math.max(s.length * 3, scratch.length * 2));
      sharedBytes = scratch.subarray(0, scratch.write(s, 0, 'utf8'));
    }
    sharedText = s;
  }
  return sharedBytes;
}

/** String.prototype.isWellFormed (Node 20; not yet in the compiler's library): no lone surrogate. */
export function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/** The JSON escape of each byte below 0x80 that JSON.stringify escapes, as bytes (else undefined). */
const JSON_ESCAPES: Array<Buffer | undefined> = Array.from({ length: 0x80 }, (_, b) => {
  const quoted = JSON.stringify(String.fromCharCode(b));
  return quoted.length > 3 ? Buffer.from(quoted.slice(1, -1), 'latin1') : undefined;
});

/** One hash's input being assembled (one per caller; not re-entrant). */
export class HashInput {
  private buf = Buffer.allocUnsafe(1 << 16);
  private at = 0;

  reset(): this {
    this.at = 0;
    return this;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.at + n, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }

  /** The UTF-8 of a text. */
  text(s: string): this {
    if (s.length === 0) return this;
    this.room(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
    return this;
  }

  /** Bytes as they are. */
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }

  /**
   * UTF-8 bytes with JSON.stringify's escapes put in, quotes not included. A byte below 0x80
   * is always a character of its own in UTF-8, and only such characters are escaped (a lone
   * surrogate is too, but its UTF-8 is U+FFFD: callers give well-formed text only).
   */
  jsonEscaped(b: Uint8Array): this {
    this.room(b.length);
    let out = this.buf;
    let o = this.at;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) out[o++] = c;
      else {
        const e = JSON_ESCAPES[c]!;
        // Room for the escape and every byte after it.
        if (o + e.length + (b.length - i - 1) > out.length) {
          this.at = o;
          this.room(e.length + (b.length - i - 1));
          out = this.buf;
        }
        for (let k = 0; k < e.length; k++) out[o++] = e[k]!;
      }
    }
    this.at = o;
    return this;
  }

  /** What was assembled: a view, valid until the next reset. */
  view(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}
