// newsdesk revisions prune: forget old revisions (never an article's current one).
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import type { Ctx } from '../context.js';
import { parsePositiveInt } from '../output/formats.js';

export function registerRevisions(program: Command, ctx: Ctx): void {
  const revisions = program.command('revisions').description(t('revisions.description'));
  revisions
    .command('prune')
    .description(t('revisions.prune'))
    .option('--keep <n>', t('revisions.keep'))
    .option('--older-than <age>', t('revisions.olderThan'))
    .addHelpText('after', `\n${t('help.examples')}\n  $ newsdesk revisions prune --keep 20\n  $ newsdesk revisions prune --older-than 90d`)
    .action((opts: { keep?: string; olderThan?: string }) => runRevisionsPrune(opts, ctx));
}

export async function runRevisionsPrune(opts: { keep?: string; olderThan?: string }, ctx: Ctx): Promise<void> {
  if (opts.keep === undefined && opts.olderThan === undefined) throw new UsageError(t('revisions.what'), t('revisions.whatHint'));
  const keep = parsePositiveInt('--keep', opts.keep);
  const { parseAge } = await import('./trash.js');
  const before = opts.olderThan !== undefined ? ctx.now() - parseAge('--older-than', opts.olderThan) : undefined;
  const store = await ctx.openStore('write');
  const n = await store.transaction((tx) => tx.history.prune({ ...(keep !== undefined ? { keep } : {}), ...(before !== undefined ? { before } : {}) }));
  ctx.info(t('revisions.pruned', { count: n, n }));
}
