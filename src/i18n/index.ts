// Messages for people, in the language of the person: t('key', { name }) looks the key up in
// the catalog in use. English is built in; Vietnamese is loaded only when it is chosen, so a
// run in English pays nothing for it. Machine output (json, csv, ids, field names, exit codes)
// never goes through here.
import { en, type MessageKey } from './en.js';

export type { MessageKey };
export type Lang = 'en' | 'vi';
export const LANGS: readonly Lang[] = ['en', 'vi'];

/** A message: one text, or a text per plural form chosen by the `count` parameter. */
export type Message = string | { readonly one: string; readonly other: string };
export type Catalog = { readonly [K in MessageKey]: Message };
export type Params = Readonly<Record<string, string | number | null | undefined>>;

let catalog: Catalog = en;
let current: Lang = 'en';

/** The language in use. */
export function language(): Lang {
  return current;
}

/** Makes `lang` the language of every message from now on (the Vietnamese catalog loads once). */
export async function useLanguage(lang: Lang): Promise<void> {
  catalog = lang === 'vi' ? (await import('./vi.js')).vi : en;
  current = lang;
}

export type Translate = (key: MessageKey, params?: Params) => string;

/** The text of `key` with its {placeholders} filled in; a count picks the plural form. */
export function t(key: MessageKey, params: Params = {}): string {
  const message: Message = catalog[key] ?? en[key];
  const text = typeof message === 'string' ? message : params.count === 1 ? message.one : message.other;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A number as a person reads it: 1,234 in English, 1.234 in Vietnamese. */
export function num(n: number): string {
  return current === 'vi' ? n.toLocaleString('vi-VN') : String(n);
}

/**
 * The language of a run: --lang, then NEWSDESK_LANG, then the locale as command-line tools read
 * it (the first set of LC_ALL, LC_MESSAGES, LANG); `vi…` is Vietnamese, anything else English.
 * A --lang that is neither vi nor en is returned as given, for the caller to refuse.
 */
export function chooseLanguage(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang | { invalid: string } {
  if (flag !== undefined) {
    const v = flag.trim().toLowerCase();
    return v === 'vi' || v === 'en' ? v : { invalid: flag };
  }
  const own = env.NEWSDESK_LANG?.trim().toLowerCase();
  if (own) {
    if (own.startsWith('vi')) return 'vi';
    if (own.startsWith('en')) return 'en';
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== '');
  return locale?.trim().toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

/** The value of --lang in argv (before a `--`), or undefined. */
export function langFlag(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--lang') found = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) found = a.slice('--lang='.length);
  }
  return found;
}
