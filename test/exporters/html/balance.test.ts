// Balancing a block's HTML, and telling when it is not needed.
import { describe, expect, it } from 'vitest';
import { balanceHtml, needsBalancing } from '../../../src/exporters/html/balance.js';

describe('needsBalancing', () => {
  it.each([
    ['<p>a <b>b</b> <a href="x">c</a></p>', false],
    ['<p>a<br>b<br/>c <img src="x" alt="y"></p>', false],
    ['<div><p>x</p></div>', false],
    ['<p>a <b>b</p>', true],
    ['<p>a <b>b</i></b></p>', true],
    ['<p>a <svg></svg></p>', true],
    ['<p>a <iframe src=x></iframe></p>', true],
    ['<p>a <script>x</script></p>', true],
    ['<p><!-- c --></p>', true],
    ['<p><span title="a>b">x</span></p>', true],
    ['<div/><p>x</p>', true],
    ['<p>x</br></p>', true],
    ['<table><tr><td>x</td></tr></table>', true],
    ['<P>a</p>', false],
  ])('%s → %s', (html, expected) => {
    expect(needsBalancing(html)).toBe(expected);
  });
});

describe('balanceHtml', () => {
  const emptied = new Set(['svg', 'iframe', 'script']);
  it.each([
    ['<p>a <b>b</p>', '<p>a <b>b</b></p>'],
    ['<p>a <svg><circle/></p>', '<p>a <svg></svg></p>'],
    ['<p>x <iframe src="y"> <p>z</p></p>', '<p>x <iframe src="y"></iframe></p>'],
    ['<div><script>a</div>', '<div><script></script></div>'],
  ])('%s → %s', (html, expected) => {
    expect(balanceHtml(html, emptied)).toBe(expected);
  });
});
