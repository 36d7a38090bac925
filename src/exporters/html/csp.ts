// The Content-Security-Policy every page carries, as a <meta http-equiv> (the site has no
// server to send a header). A second line behind the sanitiser: no script but the site's own
// files, no inline script or style at all, images only from the site and data:, frames only
// from the players of the site's embed hosts, nothing else loaded from anywhere.
//
// 'self' is enough for a site opened from disk too: Chromium and Firefox match a file: page's
// own file: URLs against it. Remote images are never loaded (they become links), so no image
// host is named.
import { frameHosts } from './embeds.js';

const HOST_SOURCE = /^(?:\*\.)?[a-z0-9.-]+$/;

/** The policy; it holds no quote or ampersand, so it goes into an attribute as it is. */
export function contentSecurityPolicy(embedHosts: readonly string[]): string {
  const frames = frameHosts(embedHosts)
    .filter((h) => HOST_SOURCE.test(h))
    .map((h) => `https://${h}`);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `frame-src ${frames.length ? frames.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}
