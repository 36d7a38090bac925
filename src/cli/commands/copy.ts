// newsdesk copy --to TARGET: the whole portal into another store — a new SQLite file, or a
// PostgreSQL schema — in either direction: read from one snapshot, written all or nothing.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { Ctx } from '../context.js';
import { t } from '../../i18n/index.js';

interface CopyOptions {
  to?: string;
}

export function registerCopy(program: Command, ctx: Ctx, run = runCopy): void {
  program
    .command('copy')
    .description(t('copy.description'))
    .requiredOption('--to <target>', t('copy.to'))
    .addHelpText(
      'after',
      `\n${t('help.examples')}\n  $ newsdesk --db data/newsdesk.db copy --to postgres://editor@db.example.vn/portal\n  $ newsdesk --db postgres://editor@db.example.vn/portal copy --to offline/newsdesk.db`,
    )
    .action((opts: CopyOptions) => run(opts, ctx));
}

export async function runCopy(opts: CopyOptions, ctx: Ctx): Promise<void> {
  const { resolve } = await import('node:path');
  const { existsSync, rmSync } = await import('node:fs');
  const { urlScheme, openStore } = await import('../../store/open.js');
  const { copyPortal } = await import('../../store/copy.js');
  const given = opts.to ?? '';
  if (given.trim() === '') throw new UsageError(t('copy.toEmpty'));
  const isFile = urlScheme(given) === undefined;
  const to = isFile ? resolve(ctx.cwd, given) : given;
  if (to === ctx.dbPath()) throw new UsageError(t('copy.itself'), t('copy.itselfHint'));
  const source = await ctx.openStore('read');
  // A new file that the copy fails to fill is removed again: all or nothing on the target.
  const created = isFile && !existsSync(to);
  let target: Store | undefined;
  try {
    target = await openStore(to, 'write');
    ctx.cleanup.push(() => target?.close());
    if (target.location === source.location) throw new UsageError(t('copy.itself'), t('copy.itselfHint'));
    const showProgress = ctx.io.isStderrTTY && !ctx.globals.quiet;
    const counts = await copyPortal(source, target, showProgress ? (f) => ctx.io.stderr.write(`\r${t('copy.progress', { percent: Math.round(f * 100) })}`) : undefined);
    if (showProgress) ctx.io.stderr.write('\r\x1b[K');
    ctx.info(
      t('copy.done', {
        articles: t('noun.articlesCounted', { count: counts.articles, n: counts.articles }),
        sections: t('noun.sectionsCounted', { count: counts.sections, n: counts.sections }),
        links: t('noun.linksCounted', { count: counts.links, n: counts.links }),
        media: t('noun.mediaCounted', { count: counts.media, n: counts.media }),
        from: source.location,
        to: target.location,
      }),
    );
  } catch (err) {
    if (created) {
      await target?.close();
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(to + suffix, { force: true });
    }
    throw err;
  }
}
