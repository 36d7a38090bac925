// newsdesk init: create the database (idempotent) and set the site's settings.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { t } from '../../i18n/index.js';

interface InitOptions {
  title?: string;
  language?: string;
  timezone?: string;
  baseUrl?: string;
  perPage?: string;
}

export function registerInit(program: Command, ctx: Ctx, run = runInit): void {
  program
    .command('init')
    .description(t('init.description'))
    .option('--title <title>', t('init.title'))
    .option('--language <lang>', t('init.language'))
    .option('--timezone <tz>', t('init.timezone'))
    .option('--base-url <url>', t('init.baseUrl'))
    .option('--per-page <n>', t('init.perPage'))
    .addHelpText('after', `\n${t('help.example')}\n  $ newsdesk init --title "Cổng thông tin điện tử huyện Sơn Lâm" --base-url https://sonlam.example.vn/`)
    .action((opts: InitOptions) => run(opts, ctx));
}

export async function runInit(opts: InitOptions, ctx: Ctx): Promise<void> {
  const { siteInput } = await import('../../core/records.js');
  const { checkFlags } = await import('../flags.js');
  const values = await checkFlags(siteInput, {
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    ...(opts.language !== undefined ? { language: opts.language } : {}),
    ...(opts.timezone !== undefined ? { timezone: opts.timezone } : {}),
    ...(opts.baseUrl !== undefined ? { base_url: opts.baseUrl } : {}),
    ...(opts.perPage !== undefined ? { per_page: opts.perPage } : {}),
  });
  const store = await ctx.openStore('write');
  const first = await store.transaction(async (tx) => {
    const first = !(await tx.settings.isInitialised());
    // The first init writes every setting, so the database says what it was made with.
    await tx.settings.set(first ? { ...(await tx.settings.get()), ...values } : values);
    return first;
  });
  const changed = Object.keys(values).length;
  if (first) ctx.info(t('init.done', { location: store.location }));
  else ctx.info(changed ? t('init.updated', { count: changed, location: store.location }) : t('init.unchanged', { location: store.location }));
}
