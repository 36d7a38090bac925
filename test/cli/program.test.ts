// Only the command named is loaded; help and unknown words still see every command.
import { describe, expect, it } from 'vitest';
import { commandWord } from '../../src/cli/program.js';
import { cli } from '../helpers/cli.js';

describe('commandWord', () => {
  it.each([
    [['article', 'list'], 'article'],
    [['--db', 'x.db', 'article', 'list'], 'article'],
    [['--db', 'article', 'search', 'x'], 'search'],
    [['-q', '--no-color', 'check'], 'check'],
    [['--db=x.db', 'export', 'html'], 'export'],
    [['--', 'search'], 'search'],
    [['--help'], undefined],
    [[], undefined],
  ] as const)('%j → %s', (argv, word) => {
    expect(commandWord(argv)).toBe(word);
  });
});

describe('the command tree', () => {
  it('--help lists every command', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'site', 'section', 'link', 'article', 'backup', 'check', 'search', 'reindex', 'import', 'export']) {
      expect(r.out).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    }
  });

  it('an unknown command suggests the one meant, exit 2', async () => {
    const r = await cli(['artcle', 'list']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'artcle'");
    expect(r.err).toContain('article');
  });

  it('a command found after --db runs with only its own module', async () => {
    const r = await cli(['--db', '/nonexistent/none.db', 'check']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^newsdesk: /);
  });
});
