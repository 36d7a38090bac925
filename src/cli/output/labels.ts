// "label:   value" lines of a record shown as text, the values aligned after the longest label
// of the block (in whichever language the labels are).
import { t, type MessageKey } from '../../i18n/index.js';

/** A function giving each label of `keys` with its colon, padded to one column. */
export function labeller(keys: readonly MessageKey[]): (key: MessageKey) => string {
  const width = Math.max(...keys.map((k) => t(k).length)) + 2;
  return (key) => `${t(key)}:`.padEnd(width);
}
