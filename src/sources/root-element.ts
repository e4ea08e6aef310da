// Which kind of document a text is, from its first element: cheap enough for every input, and free of
// the XML parser, which only feeds need.
import type { FeedFormat } from './raw-item';

export interface RootElement {
  name: string;
  local: string;
  format: FeedFormat | 'html' | 'unknown';
}

/** The document element, found by skipping the prolog: declaration, comments, DOCTYPE, PIs. */
export function rootElement(text: string): RootElement | undefined {
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return undefined;
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return undefined;
      i = end + 3;
    } else if (/^<!doctype/i.test(text.slice(lt, lt + 9))) {
      i = skipDoctype(text, lt);
      if (i < 0) return undefined;
    } else if (text.startsWith('<!', lt)) {
      const end = text.indexOf('>', lt);
      if (end < 0) return undefined;
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 200));
      if (!m) return undefined;
      const name = m[1]!;
      const local = name.slice(name.indexOf(':') + 1).toLowerCase();
      return { name, local, format: formatOf(local) };
    }
  }
}

function skipDoctype(text: string, start: number): number {
  let depth = 0;
  for (let j = start + 2; j < text.length; j++) {
    const c = text[j];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return j + 1;
  }
  return -1;
}

function formatOf(local: string): RootElement['format'] {
  switch (local) {
    case 'rss':
      return 'rss';
    case 'rdf':
      return 'rdf';
    case 'feed':
      return 'atom';
    case 'html':
      return 'html';
    default:
      return 'unknown';
  }
}
