// newsdesk article …: the noun only assembles its verbs.
import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { registerArticleAdd } from './add.js';
import { registerArticleEdit } from './edit.js';
import { registerArticleHistory } from './history.js';
import { registerArticleList } from './list.js';
import { registerArticleShow } from './show.js';
import { registerArticleState } from './state.js';
import { t } from '../../../i18n/index.js';

export function registerArticle(program: Command, ctx: Ctx): void {
  const article = program.command('article').description(t('article.description'));
  registerArticleAdd(article, ctx);
  registerArticleList(article, ctx);
  registerArticleShow(article, ctx);
  registerArticleEdit(article, ctx);
  registerArticleState(article, ctx);
  registerArticleHistory(article, ctx);
}
