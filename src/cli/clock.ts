// --now DATE: the command runs as if it were that moment (a preview of the site as it will be
// on Monday, a test with a fixed time). Read in the site's time zone, which is known only once
// the store is open: the date is checked at once (a bad one is a usage error before any work)
// and read again in the site's zone when the store opens.
import { DEFAULT_TIMEZONE, parseDate } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import type { Ctx } from './context.js';
import { t } from '../i18n/index.js';

export function overrideClock(ctx: Ctx, value: string): void {
  const first = parseDate(value, DEFAULT_TIMEZONE);
  if (!first) throw new UsageError(t('dates.notADate', { flag: '--now', value }), t('dates.formatsHint'));
  let at = first.ms;
  ctx.now = () => at;
  const open = ctx.openStore.bind(ctx);
  ctx.openStore = async (mode) => {
    const store = await open(mode);
    at = parseDate(value, (await store.site()).timezone)?.ms ?? at;
    return store;
  };
}
