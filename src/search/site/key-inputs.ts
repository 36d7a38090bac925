// Beside the state (state.ts), what each article's key was made from: the line the export's
// plan holds of it. The next export compares its own lines with these to find the articles
// that changed, instead of making every article's key again (a string and a hash each, ten
// thousand of them for one edit). It is tied to the state it was written with by a digest of
// that state's keys; anything amiss reads as nothing, and the keys are then made and compared.

const MAGIC = 'newsdesk site search key inputs 1';

export interface KeyInputs {
  /** Digest of the state's keys: the state these lines were written with. */
  keys: string;
  /** Digest of what every key holds besides its line (the sections' titles). */
  shared: string;
  /** Per article of the state, in its order: the line its key was made from, with `shared`. */
  lines: string[];
}

/** The file's bytes; undefined when a line or digest holds a line break (it could not be read back). */
export function encodeKeyInputs(inputs: KeyInputs): Buffer | undefined {
  const all = [MAGIC, inputs.keys, inputs.shared, ...inputs.lines];
  if (all.some((l) => l.includes('\n'))) return undefined;
  return Buffer.from(all.join('\n'), 'utf8');
}

/** The inputs in `bytes`, or undefined when they are not a well-formed file of them. */
export function decodeKeyInputs(bytes: Buffer): KeyInputs | undefined {
  const all = bytes.toString('utf8').split('\n');
  if (all.length < 3 || all[0] !== MAGIC) return undefined;
  return { keys: all[1]!, shared: all[2]!, lines: all.slice(3) };
}

/**
 * Per article of `now` (ids ascending, each with its line now), the state's key when the state
 * holds that article with the same line (`ids`, `keys` and `lines` of the state, ids ascending),
 * else undefined: its key must be made and compared.
 */
export function keptKeys(
  ids: readonly number[],
  keys: readonly string[],
  lines: readonly string[],
  now: ReadonlyArray<{ readonly id: number; readonly line: string }>,
): Array<string | undefined> {
  const out = new Array<string | undefined>(now.length).fill(undefined);
  let i = 0;
  for (let j = 0; j < now.length; j++) {
    const { id, line } = now[j]!;
    while (i < ids.length && ids[i]! < id) i++;
    if (i < ids.length && ids[i] === id && lines[i] === line) out[j] = keys[i];
  }
  return out;
}
