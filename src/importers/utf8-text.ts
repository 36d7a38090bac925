// The text of bytes already known to be valid UTF-8 (isUtf8), decoded fast.
//
// V8's own UTF-8 decoder (Buffer#toString, TextDecoder) takes about 8 ns a byte for text that
// is not ASCII: for Vietnamese, decoding the input was a sixth of an import's JavaScript time.
// ICU's converter behind buffer.transcode makes the UTF-16 of the same bytes eight times
// faster, and a UTF-16 buffer becomes a string by a copy. For valid UTF-8 both give the same
// string (invalid input is never given here: the two would replace bad bytes differently).
import { isAscii, transcode } from 'node:buffer';

/** Shorter than this, the plain decoder is as fast as the two steps. */
const TRANSCODE_MIN = 256;

export function utf8Text(bytes: Buffer): string {
  // ASCII keeps the plain decoder, which makes a string of one-byte characters.
  if (bytes.length < TRANSCODE_MIN || typeof transcode !== 'function' || isAscii(bytes)) return bytes.toString('utf8');
  return transcode(bytes, 'utf8', 'utf16le').toString('utf16le');
}
