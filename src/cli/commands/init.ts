// newsdesk init: create the database (idempotent) and set the site's settings.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';

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
    .description('create the database (if missing) and set the site settings; safe to run again')
    .option('--title <title>', 'site title')
    .option('--language <lang>', 'site language: vi or en (default vi)')
    .option('--timezone <tz>', 'time zone of dates (default Asia/Ho_Chi_Minh)')
    .option('--base-url <url>', 'public address of the site, for feeds and canonical links')
    .option('--per-page <n>', 'items per page in lists and on the site (default 10)')
    .addHelpText('after', '\nExample:\n  $ newsdesk init --title "Cổng thông tin điện tử huyện Sơn Lâm" --base-url https://sonlam.example.vn/')
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
  if (first) ctx.info(`Initialised ${store.location}`);
  else ctx.info(changed ? `Updated ${changed} setting${changed > 1 ? 's' : ''} of ${store.location}` : `${store.location} is already initialised; nothing changed`);
}
