// Scoring on a set of real reporting laid out as articles.yaml (items with their labels) and people.yaml
// (the watched people named in them), with the shipped signals, contexts and rules.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { person as personSchema, severityRank, type Watchlist } from '../src/config/watchlist-schema';
import { compileWatchlist } from '../src/matching/compile';
import { explainPerson } from '../src/matching/explain';
import { matchArticle } from '../src/matching/match-article';

export interface RealItem {
  id: string;
  kind: string;
  lang: string;
  title: string;
  text: string;
  /** Person ids that should alert. */
  people: string[];
  /** Person ids, among the watched, named in the text that must not alert. */
  negativeFor: string[];
}

export interface RealSet {
  items: RealItem[];
  watchlist: Watchlist;
  /** Every spelling of each person, for the substring baseline. */
  spellings: Map<string, string[]>;
  /** Signal kinds the labels use that the shipped watchlist lacks. */
  missingSignals: string[];
}

interface PeopleFile {
  [name: string]: { id: string; aliases?: string[] };
}

interface ArticlesFile {
  meta?: { labels?: { signals?: string } };
  items: Array<{ id: string; kind: string; lang?: string; title?: string; text: string; people?: string[]; signals?: string[]; negative_for?: string[] }>;
}

/**
 * About a third of the items, chosen by a hash of the id and nothing else, kept apart as a check that
 * tuning never looked at: `--part check` measures it, `--part dev` the rest.
 */
export function partOf(id: string): 'dev' | 'check' {
  return createHash('sha256').update(id).digest()[0]! % 3 === 0 ? 'check' : 'dev';
}

// In Chinese, Thai or Khmer a whole name is written without spaces: "桂民海" is a full name, not one word.
const UNSPACED_NAME = /[\p{Script=Han}\p{Script=Thai}\p{Script=Khmer}\p{Script=Lao}\p{Script=Myanmar}]/u;
const oneWord = (a: string): boolean => !/\s/.test(a.trim()) && !UNSPACED_NAME.test(a);

/** The watchlist an operator would write from people.yaml: multi-word spellings as aliases, one-word ones as short forms. */
export function loadRealSet(dir: string, shipped: Watchlist, part?: 'dev' | 'check'): RealSet {
  const people = parse(readFileSync(join(dir, 'people.yaml'), 'utf8')) as PeopleFile;
  const file = parse(readFileSync(join(dir, 'articles.yaml'), 'utf8')) as ArticlesFile;
  const idOf = new Map<string, string>();
  const spellings = new Map<string, string[]>();
  const watched: Watchlist['people'] = [];
  for (const [name, p] of Object.entries(people)) {
    const aliases = (p.aliases ?? []).filter((a) => a.trim() !== '' && a !== name);
    idOf.set(name, p.id);
    spellings.set(p.id, [name, ...aliases]);
    watched.push(
      personSchema.parse({
        id: p.id,
        name,
        aliases: aliases.filter((a) => !oneWord(a)),
        shortForms: aliases.filter(oneWord),
      }),
    );
  }
  const ids = (names: string[] | undefined): string[] => [...new Set((names ?? []).map((n) => idOf.get(n)).filter((x): x is string => !!x))];
  const items = file.items
    .filter((i) => !part || partOf(i.id) === part)
    .map((i) => ({
      id: i.id,
      kind: i.kind,
      lang: i.lang ?? 'en',
      title: i.title ?? '',
      text: i.text,
      people: ids(i.people),
      negativeFor: ids(i.negative_for),
    }));
  const known = new Set(shipped.signals.map((s) => s.id));
  const labelled = new Set(file.items.flatMap((i) => i.signals ?? []));
  return {
    items,
    watchlist: { ...shipped, people: watched },
    spellings,
    missingSignals: [...labelled].filter((s) => !known.has(s)).sort(),
  };
}

export interface PersonScore {
  tp: number;
  fp: number;
  fn: number;
  /** Alerts on a name the labels say must not alert. */
  wrongPerson: number;
  precision: number;
  recall: number;
  f1: number;
  errors: string[];
}

export type PersonPredictor = (item: RealItem) => { people: string[]; why: (person: string) => string };

export function scorePeople(items: RealItem[], predict: PersonPredictor): PersonScore {
  const s: PersonScore = { tp: 0, fp: 0, fn: 0, wrongPerson: 0, precision: 0, recall: 0, f1: 0, errors: [] };
  for (const item of items) {
    const got = predict(item);
    const want = new Set(item.people);
    for (const p of new Set(got.people)) {
      if (want.has(p)) {
        s.tp++;
        continue;
      }
      s.fp++;
      const wrong = item.negativeFor.includes(p);
      if (wrong) s.wrongPerson++;
      s.errors.push(`${item.id}: ${wrong ? 'WRONG-PERSON alert' : 'false alert'} on ${p} (${got.why(p)})`);
    }
    for (const p of want) {
      if (!got.people.includes(p)) {
        s.fn++;
        s.errors.push(`${item.id}: missed ${p} (${got.why(p)})`);
      }
    }
  }
  s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
  s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  s.f1 = s.precision + s.recall === 0 ? 0 : (2 * s.precision * s.recall) / (s.precision + s.recall);
  return s;
}

export function realEngine(set: RealSet): PersonPredictor {
  const compiled = compileWatchlist(set.watchlist);
  return (item) => {
    const article = { id: item.id, title: item.title, summary: '', content: item.text };
    const { alerts } = matchArticle(article, compiled);
    const people = alerts.filter((a) => a.personId && severityRank(a.severity) >= severityRank('medium')).map((a) => a.personId!);
    const rules = new Map(
      alerts.filter((a) => a.personId).map((a) => [a.personId!, `${a.rule}, ${a.severity}: ${a.snippet.slice(0, 160).replace(/\s+/g, ' ')}`]),
    );
    return {
      people: [...new Set(people)],
      // A miss: the alert it got, if any, and why no rule above it held (as `match --explain` says).
      why: (p) => {
        if (people.includes(p)) return rules.get(p)!;
        const explained = explainPerson(article, compiled, p)
          .slice(1)
          .map((l) => l.trim());
        return [rules.get(p), ...explained].filter(Boolean).join(' | ');
      },
    };
  };
}

export function realBaseline(set: RealSet): PersonPredictor {
  return (item) => {
    const text = `${item.title}\n${item.text}`.toLowerCase();
    const people = [...set.spellings].filter(([, names]) => names.some((n) => text.includes(n.toLowerCase()))).map(([id]) => id);
    return { people, why: () => 'name substring' };
  };
}
