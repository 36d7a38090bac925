// The reader of WXR, RSS 2.0 and Atom 1.0 inputs: the streamed XML (xml/tree.ts), told apart by
// its root element and namespaces, mapped element by element into the pipeline's records.
import { InputError, type ReadItem, type Reader } from '../types.js';
import { readXml, type XmlNode } from '../xml/tree.js';
import { NS, WXR_NS, type FeedMapper } from './common.js';
import type { FeedFormat, FeedOptions } from './options.js';
import { AtomMapper, RssMapper } from './rss.js';
import { WxrMapper } from './wxr.js';

export function feedReader(format: FeedFormat, options: FeedOptions): Reader {
  return (chunks) => readFeed(format, chunks, options);
}

async function* readFeed(format: FeedFormat, chunks: AsyncIterable<Buffer>, options: FeedOptions): AsyncGenerator<ReadItem> {
  let mapper: FeedMapper | undefined;
  // RSS and WXR records are the channel's children; Atom's, the feed's.
  for await (const item of readXml(chunks, (root) => (root.local === 'rss' ? 2 : 1))) {
    if (item.type === 'root') mapper = mapperFor(format, item.node, options);
    else yield* mapper!.element(item.node);
  }
  if (mapper) yield* mapper.end();
}

const NAMES: Record<FeedFormat, string> = { wxr: 'a WordPress export (WXR)', rss: 'an RSS 2.0 feed', atom: 'an Atom feed' };

function mapperFor(format: FeedFormat, root: XmlNode, options: FeedOptions): FeedMapper {
  const found = kindOf(root);
  const wp = Object.values(root.attrs).find((v) => WXR_NS.test(v));
  // A WXR is an RSS feed too: --from rss reads it as one.
  const ok = found.kind === format || (format === 'rss' && found.kind === 'wxr');
  if (!ok) {
    throw new InputError(root.line, `${found.what}, not ${NAMES[format]}${format === 'wxr' && found.kind === 'rss' ? ' (its <rss> declares no wp namespace, http://wordpress.org/export/1.2/)' : ''}`);
  }
  if (format === 'wxr') return new WxrMapper(wp!, options);
  if (format === 'rss') return new RssMapper(options);
  return new AtomMapper(options);
}

function kindOf(root: XmlNode): { kind: FeedFormat | undefined; what: string } {
  if (root.local === 'rss' && root.uri === '') {
    if (Object.values(root.attrs).some((v) => WXR_NS.test(v))) return { kind: 'wxr', what: 'a WordPress export (WXR)' };
    return { kind: 'rss', what: 'an RSS 2.0 feed' };
  }
  if (root.local === 'feed' && root.uri === NS.atom) return { kind: 'atom', what: 'an Atom feed' };
  if (root.local === 'RDF') return { kind: undefined, what: 'an RSS 1.0 (RDF) feed, which newsdesk does not read' };
  return { kind: undefined, what: `an XML document of <${root.local}>` };
}

export { MenuPlan, placeMenuSections } from './menu.js';
