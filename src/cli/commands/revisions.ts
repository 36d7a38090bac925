// newsdesk revisions prune: forget old revisions (never an article's current one).
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { Ctx } from '../context.js';
import { parsePositiveInt } from '../output/formats.js';

export function registerRevisions(program: Command, ctx: Ctx): void {
  const revisions = program.command('revisions').description("the articles' histories as a whole");
  revisions
    .command('prune')
    .description("delete old revisions of every article (never its current one); see also site set keep_revisions")
    .option('--keep <n>', 'keep the newest N revisions of each article (its current one included)')
    .option('--older-than <age>', 'delete the revisions made longer ago than this (like 90d)')
    .addHelpText('after', '\nExamples:\n  $ newsdesk revisions prune --keep 20\n  $ newsdesk revisions prune --older-than 90d')
    .action((opts: { keep?: string; olderThan?: string }) => runRevisionsPrune(opts, ctx));
}

export async function runRevisionsPrune(opts: { keep?: string; olderThan?: string }, ctx: Ctx): Promise<void> {
  if (opts.keep === undefined && opts.olderThan === undefined) throw new UsageError('say what to prune', 'give --keep N, --older-than AGE, or both');
  const keep = parsePositiveInt('--keep', opts.keep);
  const { parseAge } = await import('./trash.js');
  const before = opts.olderThan !== undefined ? ctx.now() - parseAge('--older-than', opts.olderThan) : undefined;
  const store = await ctx.openStore('write');
  const n = await store.transaction((tx) => tx.history.prune({ ...(keep !== undefined ? { keep } : {}), ...(before !== undefined ? { before } : {}) }));
  ctx.info(`Pruned ${n === 1 ? '1 revision' : `${n} revisions`}`);
}
