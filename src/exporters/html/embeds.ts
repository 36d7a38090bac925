// Video embeds in article bodies: an <iframe> whose address is on a host the site allows
// (`site set embed_hosts …`) is kept, pointed at the provider's player (YouTube's no-cookie
// domain), sandboxed and lazy; any other iframe is dropped by the sanitiser. Pure.

/** Known providers: the hosts an author's link may use, and the one player host it becomes. */
interface Provider {
  /** The setting names the provider by this host. */
  host: string;
  /** The host the player is loaded from (what the pages' policy allows as a frame). */
  player: string;
  /** The player address for an author's address, or undefined when it is not a video. */
  embed(url: URL): string | undefined;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

function youtube(url: URL): string | undefined {
  const host = url.hostname.replace(/^(?:www|m)\./, '');
  let id: string | undefined;
  if (host === 'youtu.be') id = url.pathname.slice(1);
  else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const m = /^\/(?:embed|shorts|live)\/([^/]+)\/?$/.exec(url.pathname);
    id = m ? m[1] : url.pathname === '/watch' ? (url.searchParams.get('v') ?? undefined) : undefined;
  }
  if (id === undefined || !YOUTUBE_ID.test(id)) return undefined;
  const start = url.searchParams.get('start') ?? url.searchParams.get('t');
  const seconds = start !== null && /^\d{1,6}s?$/.test(start) ? `?start=${parseInt(start, 10)}` : '';
  return `https://www.youtube-nocookie.com/embed/${id}${seconds}`;
}

function vimeo(url: URL): string | undefined {
  const host = url.hostname.replace(/^www\./, '');
  const m = host === 'player.vimeo.com' ? /^\/video\/(\d{1,12})\/?$/.exec(url.pathname) : host === 'vimeo.com' ? /^\/(\d{1,12})\/?$/.exec(url.pathname) : null;
  if (!m) return undefined;
  // The hash of an unlisted video.
  const h = url.searchParams.get('h');
  return `https://player.vimeo.com/video/${m[1]}${h !== null && /^[0-9a-f]{1,32}$/.test(h) ? `?h=${h}` : ''}`;
}

function facebook(url: URL): string | undefined {
  const host = url.hostname.replace(/^(?:www|m|web)\./, '');
  if (host !== 'facebook.com' || url.pathname !== '/plugins/video.php') return undefined;
  // The video itself is named by a facebook.com (or fb.watch) address in `href`.
  let video: URL;
  try {
    video = new URL(url.searchParams.get('href') ?? '');
  } catch {
    return undefined;
  }
  const videoHost = video.hostname.replace(/^(?:www|m|web)\./, '');
  if (video.protocol !== 'https:' || (videoHost !== 'facebook.com' && videoHost !== 'fb.watch') || video.username || video.password) return undefined;
  return `https://www.facebook.com/plugins/video.php?href=${encodeURIComponent(video.href)}&show_text=false`;
}

const PROVIDERS: Provider[] = [
  { host: 'youtube.com', player: 'www.youtube-nocookie.com', embed: youtube },
  { host: 'vimeo.com', player: 'player.vimeo.com', embed: vimeo },
  { host: 'facebook.com', player: 'www.facebook.com', embed: facebook },
];
/** Other names a setting may use for a known provider. */
const ALIASES: Record<string, string> = { 'youtu.be': 'youtube.com', 'youtube-nocookie.com': 'youtube.com', 'player.vimeo.com': 'vimeo.com', 'fb.watch': 'facebook.com' };

function providerOf(host: string): Provider | undefined {
  const name = ALIASES[host] ?? host;
  return PROVIDERS.find((p) => p.host === name);
}

function onHost(hostname: string, host: string): boolean {
  return hostname === host || hostname.endsWith(`.${host}`);
}

/**
 * The address an iframe of an article may show, given the site's embed hosts, or undefined
 * when it must be dropped. Known providers become their player's address; another allowed
 * host keeps the author's https address.
 */
export function embedAddress(src: string, hosts: readonly string[]): string | undefined {
  if (hosts.length === 0) return undefined;
  const s = src.trim();
  let url: URL;
  try {
    url = new URL(s.startsWith('//') ? `https:${s}` : s);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.port) return undefined;
  const hostname = url.hostname.toLowerCase();
  for (const host of hosts) {
    const provider = providerOf(host);
    if (provider) {
      const known = [provider.host, ...Object.keys(ALIASES).filter((a) => ALIASES[a] === provider.host)];
      if (known.some((h) => onHost(hostname, h))) {
        const embed = provider.embed(url);
        if (embed !== undefined) return embed;
      }
    } else if (onHost(hostname, host) && url.protocol === 'https:') {
      return url.href;
    }
  }
  return undefined;
}

/** The hosts (and their subdomains) iframes are loaded from: the policy's frame-src. */
export function frameHosts(hosts: readonly string[]): string[] {
  const out: string[] = [];
  for (const host of hosts) {
    const provider = providerOf(host);
    const entries = provider ? [provider.player] : [host, `*.${host}`];
    for (const e of entries) if (!out.includes(e)) out.push(e);
  }
  return out;
}

/** What every kept player may do: run, go full screen, open the video on its own site. */
const SANDBOX = 'allow-scripts allow-presentation allow-popups allow-popups-to-escape-sandbox';

/**
 * The sandbox of a kept iframe (its address as embedAddress gave it). A known provider's player
 * also keeps its own origin (allow-same-origin): its host is never the portal's, so the frame
 * stays cross-origin, walled off from the page by the same-origin policy, while the player
 * gets the storage and cookies it needs to run (in an opaque origin, storage throws and
 * YouTube's and Vimeo's players stop with an error). The spec's warning about allow-scripts
 * with allow-same-origin is for a frame of the page's own origin, which could remove its own
 * sandbox; another allowed host could be the portal's own, so it gets no allow-same-origin.
 */
export function embedSandbox(src: string): string {
  let host: string;
  try {
    host = new URL(src).hostname;
  } catch {
    return SANDBOX;
  }
  return PROVIDERS.some((p) => p.player === host) ? `allow-scripts allow-same-origin ${SANDBOX.slice('allow-scripts '.length)}` : SANDBOX;
}
