// The `embed_hosts` site setting: the hosts whose video players an article may embed
// ("youtube.com vimeo.com facebook.com"). Pure: used by `site set` to check a value and by the
// HTML export to decide which iframes to keep and which frames the pages' policy allows.

/** At most this many hosts in the setting. */
export const MAX_EMBED_HOSTS = 20;

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The hosts of a setting value, lower case, without `www.`, in order and once each; or a
 * message saying what is wrong. Hosts are separated by spaces or commas; "" is no host.
 */
export function parseEmbedHosts(value: string): string[] | { error: string } {
  const hosts: string[] = [];
  for (const raw of value.split(/[\s,]+/)) {
    if (raw === '') continue;
    const host = raw.toLowerCase().replace(/^www\./, '');
    if (!HOST.test(host)) return { error: `"${raw}" is not a host name (like youtube.com)` };
    if (!hosts.includes(host)) hosts.push(host);
  }
  if (hosts.length > MAX_EMBED_HOSTS) return { error: `at most ${MAX_EMBED_HOSTS} hosts` };
  return hosts;
}

/** The hosts of a stored value; anything that is not a valid list counts as none. */
export function embedHostsOf(value: string | null | undefined): string[] {
  if (!value) return [];
  const hosts = parseEmbedHosts(value);
  return Array.isArray(hosts) ? hosts : [];
}
