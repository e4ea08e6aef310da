// Scoring of the matching engine on the labelled articles in seeds/, beside a naive baseline.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Article } from '../src/articles/article';
import { articlesFromDocument } from '../src/articles/from-document';
import { contextKindIn, severityRank, type Watchlist } from '../src/config/watchlist-schema';
import { compileWatchlist } from '../src/matching/compile';
import { matchArticle } from '../src/matching/match-article';

export interface Labelled {
  file: string;
  article: Article;
  people: string[];
  signals: string[];
}

export interface Prediction {
  people: string[];
  signals: string[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  errors: string[];
}

export async function loadLabelled(seedsDir: string): Promise<Labelled[]> {
  const expected = parse(readFileSync(join(seedsDir, 'expected.yaml'), 'utf8')) as {
    articles: Record<string, { people?: string[]; signals?: string[] }>;
  };
  const dir = join(seedsDir, 'articles');
  const files = readdirSync(dir).sort();
  return Promise.all(
    files.map(async (file) => {
      const label = expected.articles[file];
      if (!label) throw new Error(`seeds/expected.yaml has no entry for ${file}`);
      const [article] = await articlesFromDocument(readFileSync(join(dir, file)), file);
      return { file, article: article!, people: label.people ?? [], signals: label.signals ?? [] };
    }),
  );
}

/** An actionable person alert is one of medium severity or more: low alerts only reach digests. */
export function engine(watchlist: Watchlist): (a: Article) => Prediction {
  const compiled = compileWatchlist(watchlist);
  return (a) => {
    const { matches, alerts } = matchArticle(a, compiled);
    const people = alerts.filter((x) => x.personId && severityRank(x.severity) >= severityRank('medium')).map((x) => x.personId!);
    const signals = matches.filter((m) => m.kind === 'signal').map((m) => m.entry);
    return { people: [...new Set(people)], signals: [...new Set(signals)] };
  };
}

/**
 * What a simple keyword-alert service does: a case-insensitive substring search for every name and
 * alias, and for every signal word and phrase (near clauses: all their words present).
 */
export function baseline(watchlist: Watchlist): (a: Article) => Prediction {
  return (a) => {
    const text = `${a.title}\n${a.summary}\n${a.content}`.toLowerCase();
    const has = (s: string): boolean => text.includes(s.toLowerCase());
    const people = watchlist.people.filter((p) => [p.name, ...p.aliases].some(has)).map((p) => p.id);
    const place = (w: string): boolean =>
      contextKindIn(w) ? watchlist.contexts.some((x) => x.kind === contextKindIn(w) && x.words.some(has)) : has(w.replace(/^=/, ''));
    const signals = watchlist.signals
      .filter((s) => [...s.words, ...s.phrases].some(has) || s.near.some((n) => n.words.every((slot) => [slot].flat().some(place))))
      .map((s) => s.id);
    return { people, signals };
  };
}

/**
 * Precision and recall of people or signals. Signals are scored on the kinds the set's labels use: a set
 * labelled before a kind of signal existed says nothing about that kind.
 */
export function score(set: Labelled[], predict: (a: Article) => Prediction, key: 'people' | 'signals'): Score {
  const s: Score = { tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, errors: [] };
  const kinds = new Set(set.flatMap((item) => item.signals));
  for (const item of set) {
    const got = new Set(predict(item.article)[key].filter((x) => key === 'people' || kinds.has(x)));
    const want = new Set(item[key]);
    for (const g of got) {
      if (want.has(g)) s.tp++;
      else {
        s.fp++;
        s.errors.push(`${item.file}: unexpected ${g}`);
      }
    }
    for (const w of want) {
      if (!got.has(w)) {
        s.fn++;
        s.errors.push(`${item.file}: missed ${w}`);
      }
    }
  }
  s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
  s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  return s;
}
