// newsdesk site show | site set <key> <value>
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { UsageError } from '../../core/errors.js';
import { parseShowFormat } from '../output/formats.js';
import { t } from '../../i18n/index.js';

const KEYS = ['title', 'language', 'timezone', 'base_url', 'per_page', 'embed_hosts', 'keep_revisions'] as const;
/** Shown by `site show` only once set, so that the output of a site without them stays as it was. */
const OPTIONAL_KEYS: ReadonlySet<string> = new Set(['embed_hosts', 'keep_revisions']);
/** The settings that "" clears (back to their default). */
const OPTIONAL_KEYS_CLEARED: ReadonlySet<string> = new Set(['base_url', 'embed_hosts', 'keep_revisions']);

export function registerSite(program: Command, ctx: Ctx): void {
  const site = program.command('site').description(t('site.description'));
  site
    .command('show')
    .description(t('site.show'))
    .option('--format <format>', t('flags.textOrJson'), 'text')
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk site show --format json`)
    .action((opts: { format: string }) => runSiteShow(opts, ctx));
  site
    .command('set')
    .description(t('site.set', { keys: KEYS.join(', ') }))
    .argument('<key>', t('site.key'))
    .argument('<value>', t('site.value'))
    .addHelpText(
      'after',
      `\n${t('help.examples')}\n  $ newsdesk site set title "Cổng thông tin điện tử huyện Sơn Lâm"\n  $ newsdesk site set per_page 20\n  $ newsdesk site set embed_hosts "youtube.com vimeo.com facebook.com"\n  $ newsdesk site set keep_revisions 50`,
    )
    .action((key: string, value: string) => runSiteSet(key, value, ctx));
}

export async function runSiteShow(opts: { format: string }, ctx: Ctx): Promise<void> {
  const format = parseShowFormat(opts.format);
  const store = await ctx.openStore('read');
  const site = (await store.site());
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(site, null, 2)}\n`);
    return;
  }
  for (const key of KEYS) if (!OPTIONAL_KEYS.has(key) || site[key]) ctx.io.stdout.write(`${key.padEnd(9)} ${site[key] ?? ''}\n`);
}

export async function runSiteSet(rawKey: string, value: string, ctx: Ctx): Promise<void> {
  const key = rawKey.replace(/-/g, '_');
  if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(t('site.unknownSetting', { key: rawKey }), t('site.settingsHint', { keys: KEYS.join(', ') }));
  const { siteInput } = await import('../../core/records.js');
  const parsed = siteInput.safeParse({ [key]: OPTIONAL_KEYS_CLEARED.has(key) && value.trim() === '' ? null : value });
  if (!parsed.success) {
    // Named as the user typed it (a setting, not a flag).
    const { toFieldIssues } = await import('../../core/validate.js');
    const { english, sayIssue } = await import('../../i18n/issues.js');
    throw new UsageError(`${key}: ${sayIssue(toFieldIssues(parsed.error)[0]?.message ?? english('issue.notValid'))}`);
  }
  const values = parsed.data;
  const store = await ctx.openStore('write');
  await store.transaction(async (tx) => {
    if (!(await tx.settings.isInitialised())) await tx.settings.set(await tx.settings.get());
    await tx.settings.set(values);
  });
  ctx.info(`${key} = ${(await store.site())[key as (typeof KEYS)[number]] ?? ''}`);
}
