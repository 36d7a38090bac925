// Which iframe addresses the export keeps, and as what.
import { describe, expect, it } from 'vitest';
import { embedAddress, embedSandbox, frameHosts } from '../../../src/exporters/html/embeds.js';

describe('embedAddress', () => {
  const all = ['youtube.com', 'vimeo.com', 'facebook.com'];
  it.each([
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['//www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['http://youtube.com/watch?v=dQw4w9WgXcQ&t=42', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42'],
    ['https://youtu.be/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://www.youtube.com/embed/short', undefined],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ/../../x', undefined],
    ['https://player.vimeo.com/video/76979871', 'https://player.vimeo.com/video/76979871'],
    ['https://vimeo.com/76979871?h=abc123', 'https://player.vimeo.com/video/76979871?h=abc123'],
    ['https://vimeo.com/channels/x', undefined],
    ['https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fpage%2Fvideos%2F123%2F&width=500', 'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fpage%2Fvideos%2F123%2F&show_text=false'],
    ['https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fevil.example%2F', undefined],
    ['https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fwww.facebook.com%2F', undefined],
    ['https://youtube.com.evil.example/embed/dQw4w9WgXcQ', undefined],
    ['https://user:pw@www.youtube.com/embed/dQw4w9WgXcQ', undefined],
    ['https://www.youtube.com:8443/embed/dQw4w9WgXcQ', undefined],
    ['javascript:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['not a url', undefined],
  ])('%s → %s', (src, expected) => {
    expect(embedAddress(src, all)).toBe(expected);
  });

  it('keeps an https address on another allowed host (and its subdomains) as it is', () => {
    expect(embedAddress('https://video.example.org/player/1', ['example.org'])).toBe('https://video.example.org/player/1');
    expect(embedAddress('http://video.example.org/player/1', ['example.org'])).toBeUndefined();
    expect(embedAddress('https://example.org.evil.example/', ['example.org'])).toBeUndefined();
  });

  it('keeps nothing without hosts, and nothing of a provider the setting does not name', () => {
    expect(embedAddress('https://www.youtube.com/embed/dQw4w9WgXcQ', [])).toBeUndefined();
    expect(embedAddress('https://www.youtube.com/embed/dQw4w9WgXcQ', ['vimeo.com'])).toBeUndefined();
  });
});

describe('frameHosts', () => {
  it('names the players of known providers, and other hosts with their subdomains', () => {
    expect(frameHosts(['youtube.com', 'youtu.be', 'vimeo.com', 'facebook.com', 'example.org'])).toEqual([
      'www.youtube-nocookie.com',
      'player.vimeo.com',
      'www.facebook.com',
      'example.org',
      '*.example.org',
    ]);
  });
});

describe('embedSandbox', () => {
  it("lets a known provider's player keep its own origin (never the portal's), and no other host", () => {
    const own = 'allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox';
    const opaque = 'allow-scripts allow-presentation allow-popups allow-popups-to-escape-sandbox';
    for (const src of ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'https://vimeo.com/76979871', 'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fpage%2Fvideos%2F123%2F']) {
      expect(embedSandbox(embedAddress(src, ['youtube.com', 'vimeo.com', 'facebook.com'])!)).toBe(own);
    }
    // Another allowed host might be the portal's own: with both tokens, its page could lift the sandbox.
    expect(embedSandbox(embedAddress('https://video.example.org/player/1', ['example.org'])!)).toBe(opaque);
    expect(embedSandbox('https://www.youtube-nocookie.com.evil.example/embed/x')).toBe(opaque);
    expect(embedSandbox('not a url')).toBe(opaque);
  });
});
