// `node dist/scripts/seed-overlap.js DIR`: checks that no article in seeds/ repeats a run of eight or
// more words from the source documents in DIR (the seed corpus the watchlist was drawn from). The
// articles restate facts in the project's own words; this keeps it that way. Exit 1 on any shared run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { articlesFromDocument } from '../src/articles/from-document';

const RUN = 8;
const root = join(__dirname, '..', '..');

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function runs(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + RUN <= w.length; i++) out.add(w.slice(i, i + RUN).join(' '));
  return out;
}

function articleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return articleFiles(path);
    return /\.(txt|html)$/.test(name) && dir.endsWith('articles') ? [path] : [];
  });
}

async function main(): Promise<void> {
  const corpusDir = process.argv[2];
  if (!corpusDir) throw new Error('usage: node dist/scripts/seed-overlap.js DIR (the seed corpus)');
  const corpus = new Set<string>();
  for (const name of readdirSync(corpusDir).filter((n) => n.endsWith('.txt'))) {
    for (const r of runs(readFileSync(join(corpusDir, name), 'utf8'))) corpus.add(r);
  }
  const files = articleFiles(join(root, 'seeds'));
  let shared = 0;
  for (const file of files) {
    const [article] = await articlesFromDocument(readFileSync(file), file);
    const text = article ? `${article.title}\n${article.content}` : '';
    for (const r of runs(text)) {
      if (corpus.has(r)) {
        shared++;
        console.log(`${file.slice(root.length + 1)}: "${r}"`);
      }
    }
  }
  console.log(`${files.length} articles, ${corpus.size} ${RUN}-word runs in the corpus, ${shared} shared`);
  if (shared > 0) process.exit(1);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
