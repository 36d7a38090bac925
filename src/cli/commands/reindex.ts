// newsdesk reindex: rebuilds the search index from the articles (after a crash, a restore by
// hand, or an upgrade that changed how text is folded), and counts the articles again.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';

export function registerReindex(program: Command, ctx: Ctx, run = runReindex): void {
  program
    .command('reindex')
    .description(ctx.t('reindex.description'))
    .addHelpText('after', `\n${ctx.t('help.example')}\n  $ newsdesk reindex`)
    .action(() => run(ctx));
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function runReindex(ctx: Ctx): Promise<void> {
  const store = await ctx.openStore('write');
  const started = performance.now();
  // A running count on a terminal: a large portal takes a while.
  const progress = ctx.io.isStderrTTY && !ctx.globals.quiet;
  const { articles: n, size: bytes } = await store.reindex(progress ? (done) => ctx.io.stderr.write(`\r${ctx.t('reindex.progress', { done })}`) : undefined);
  if (progress) ctx.io.stderr.write('\r\x1b[K');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ratio = bytes.textBytes > 0 && bytes.indexBytes > 0 ? ` ${ctx.t('reindex.ratio', { percent: Math.round((bytes.indexBytes / bytes.textBytes) * 100) })}` : '';
  const sizes = bytes.indexBytes > 0 ? `; ${ctx.t('reindex.sizes', { index: size(bytes.indexBytes), text: size(bytes.textBytes) })}${ratio}` : '';
  ctx.info(`${ctx.t('reindex.done', { count: n, seconds })}${sizes}.`);
}
