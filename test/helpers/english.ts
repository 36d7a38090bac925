// Finding English left in what newsdesk says in Vietnamese. A line is English when, once the
// things that are the same in every language are taken out, it still holds an English
// function word. What is taken out: quoted text (user data, titles, values), paths and URLs,
// flags and <placeholders>, words with a hyphen, dot, underscore, @ or digit (slugs, file
// names, field names like published_at), and the command words of newsdesk. English
// function words are the glue of any English sentence ("the", "is", "of", "must", "with"…);
// a message left untranslated cannot do without them, while Vietnamese never uses them.

/** Function words of English that are not also Vietnamese words written without marks. */
const ENGLISH_WORDS = new Set(
  (
    'the of is are was were be been being with for from this that these those must cannot can could not and or by on at into ' +
    'than then there here has have had will would should which what when where who whose it its your you we our their they ' +
    'only also every each after before more nothing already still needs needed give use run see found was were does did ' +
    'done about until since while because without within between other another some such same own please yet ' +
    'added updated removed imported exported written skipped rejected missing unknown invalid exists nothing none ' +
    'no page pages folder record records error errors warning hint usage options commands arguments examples example ' +
    'default display copied moved initialised reindexed reindexing backed backing changed unchanged importing indexing exporting ' +
    'copying dry yes article articles section sections subsection subsections link links'
  ).split(/\s+/),
);

/** Words that name things in every language: formats, protocols, units, newsdesk's commands. */
const NAMES = new Set(
  (
    'newsdesk json ndjson csv ids count table text xml wxr rss atom html sqlite postgresql postgres pg url urls http https mailto ' +
    'utf iso mb kb gb ms guid id markdown editor stdin stdout stderr schema locale cron sitemap eta ' +
    'init site show set section link article add list edit move remove publish unpublish backup check search reindex import copy export help ' +
    'draft published scheduled all fail skip update vi en png jpeg gif webp avif nfd wordpress ' +
    'lc_all lc_messages lang am pm hh mm dd yyyy'
  ).split(/\s+/),
);

/** The parts of a line that are the same in every language, blanked out. */
export function withoutNames(line: string): string {
  return line
    .replace(/^\s+\S+(?=\s{2,})/, ' ') // the first column of help: a command, option or argument name
    .replace(/"[^"]*"|“[^”]*”|'[^']*'|`[^`]*`/g, ' ') // quoted: user data, values, titles
    .replace(/<[^>\s]+>|\[[^\]\s]+\]/g, ' ') // <placeholders>, [placeholders]
    .replace(/\S*[/\\]\S*/g, ' ') // paths, URLs
    .replace(/(^|\s)-{1,2}[\w-]+/g, ' ') // flags
    .replace(/\b[a-z]+ \((?=[^)]*[^\x00-\x7f])/g, ' (') // a value a user types, glossed: "articles (bài viết)"
    .replace(/\([a-z]+\)/g, ' ') // or glossing: "bài viết (articles)"
    .replace(/newsdesk(\s+[a-z]+(?=[\s,.;)]|$)){0,3}/g, ' ') // a command line: newsdesk article list
    .replace(/\S*[\d_.@:=#$*-]\S*/g, ' ') // slugs, field names, numbers, addresses, variables
    .replace(/\S+,\S+/g, ' '); // lists without spaces: id,slug,title
}

/** The English function words in `line` (after the names are taken out), or none. */
export function englishWords(line: string): string[] {
  // Whole words only ("in" of "in số" is not "in" of "tin"); the query operators OR, AND and
  // NOT are written in capitals in every language.
  const words = withoutNames(line).match(/(?<![\p{L}\p{M}])[A-Za-z]+(?![\p{L}\p{M}])/gu) ?? [];
  return words.filter((w) => w !== w.toUpperCase() || w.length === 1).map((w) => w.toLowerCase()).filter((w) => ENGLISH_WORDS.has(w) && !NAMES.has(w));
}

/** The lines of `text` that are English, with the words that show it. */
export function englishLines(text: string): string[] {
  return text
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split(/\r?\n|\r/)
    .filter((line) => englishWords(line).length > 0)
    .map((line) => `${line.trim()}    ← ${englishWords(line).join(', ')}`);
}
