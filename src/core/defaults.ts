// Defaults the store needs on every start, kept apart from records.ts so that reading the
// database never loads zod (its import alone costs more than a whole `article list`).
import type { SiteSettings } from './records.js';

export const DEFAULT_SITE: SiteSettings = {
  title: 'newsdesk',
  language: 'vi',
  timezone: 'Asia/Ho_Chi_Minh',
  base_url: null,
  per_page: 10,
};
