// Escaping by default: text interpolated into html`…` is escaped unless it is already Html.

/** Markup that is known to be safe (escaped, sanitised, or written by us). */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export type Interpolation = Html | string | number | null | undefined | false | readonly Interpolation[];

const SPECIAL = /[&<>"']/;
const SPECIAL_G = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function esc(s: string): string {
  // Most strings need nothing: test once before building a new one.
  return SPECIAL.test(s) ? s.replace(SPECIAL_G, (c) => ENTITY[c]!) : s;
}

function append(v: Interpolation): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (typeof v === 'string') return esc(v);
  if (typeof v === 'number') return String(v);
  let out = '';
  for (const item of v) out += append(item);
  return out;
}

/** A template tag: literal parts are trusted, every value is escaped unless it is Html. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += append(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Marks a string as safe markup. Only for output of the sanitiser or of our own templates. */
export function raw(s: string): Html {
  return new Html(s);
}

/** Escapes text for XML 1.0 (feeds, sitemaps): also drops characters XML cannot carry. */
export function escXml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return esc(s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
}
