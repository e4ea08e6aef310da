import type { Article } from '../../../src/articles/article';
import { alertedPairs, replayCandidates } from '../../../src/pipeline/replay-articles';
import { alertRecord } from '../../../src/pipeline/alert-record';
import { compiled } from '../../helpers/watchlist';

const rules = [
  { id: 'pursued', when: { person: 'any', signal: 'any', within: 'sentence' }, severity: 'high' },
  { id: 'mentioned', when: { person: 'any' }, severity: 'low' },
];
const before = compiled({
  rules,
  people: [{ id: 'lin-dara', name: 'Lin Dara' }],
  signals: [{ id: 'arrest', words: ['arrest', 'detain'] }],
});
const after = compiled({
  rules,
  people: [
    { id: 'lin-dara', name: 'Lin Dara' },
    { id: 'sok-vanna', name: 'Sok Vanna' },
  ],
  signals: [
    { id: 'arrest', words: ['arrest', 'detain'] },
    { id: 'deported', words: ['deport'] },
  ],
});

const article = (id: string, content: string, url = `https://news.example/${id}`): Article => ({ id, sourceId: 'wire', url, title: '', summary: '', content });

const both = article('both', 'Police detained Lin Dara and Sok Vanna at the border on Monday.');
const deported = article('deported', 'Lin Dara was deported to Phnom Penh on Friday.');

test('an article that alerted about a person raises nothing more about them; a person it never alerted about does', () => {
  const earlier = replayCandidates(both, before, new Set());
  expect(earlier.fresh.map((a) => a.personId)).toEqual(['lin-dara']);
  const alerted = alertedPairs(
    earlier.fresh.map((a) => alertRecord(a, both, 1)),
    [both],
  );
  const now = replayCandidates(both, after, alerted);
  expect(now.fresh.map((a) => [a.personId, a.rule])).toEqual([['sok-vanna', 'pursued']]);
  expect(now.alreadyAlerted).toBe(1);
});

test('a new signal that changes the alert (another id) still raises nothing for a person already alerted on the article', () => {
  const low = replayCandidates(deported, before, new Set());
  expect(low.fresh.map((a) => [a.personId, a.rule])).toEqual([['lin-dara', 'mentioned']]);
  const alerted = alertedPairs([alertRecord(low.fresh[0]!, deported, 1)], [deported]);
  const now = replayCandidates(deported, after, alerted);
  expect(matchRules(deported)).toEqual([['lin-dara', 'pursued']]);
  expect(now).toEqual({ fresh: [], alreadyAlerted: 1, notNew: 0 });
});

test('an article folded into another article’s alert ("also reported by", known by URL) counts as alerted about that person', () => {
  const first = article('first', 'Police detained Lin Dara at the border on Monday.');
  const copy = article('copy', 'Police detained Lin Dara at the border, officials said.', 'https://daily.example/copy');
  const [alert] = replayCandidates(first, before, new Set()).fresh;
  const record = { ...alertRecord(alert!, first, 1), alsoReportedBy: [{ sourceId: 'daily', url: copy.url }] };
  const alerted = alertedPairs([record], [first, copy]);
  expect(replayCandidates(copy, after, alerted)).toEqual({ fresh: [], alreadyAlerted: 1, notNew: 0 });
  // The fold names one person: another person in the copy is not covered by it.
  const other = article('other', 'Police detained Sok Vanna at the border.', 'https://daily.example/copy');
  expect(replayCandidates(other, after, alertedPairs([record], [other])).fresh.map((a) => a.personId)).toEqual(['sok-vanna']);
});

test('with only, an alert involving nothing the watchlist gained is left out', () => {
  const old = article('old', 'Police detained Lin Dara on Monday.');
  const only = { people: new Set(['sok-vanna']), signals: new Set(['deported']) };
  expect(replayCandidates(old, after, new Set(), only)).toEqual({ fresh: [], alreadyAlerted: 0, notNew: 1 });
  expect(replayCandidates(deported, after, new Set(), only).fresh.map((a) => a.signalIds)).toEqual([['deported']]);
  expect(replayCandidates(both, after, new Set(), only).fresh.map((a) => a.personId)).toEqual(['sok-vanna']);
});

function matchRules(a: Article): Array<[string | undefined, string]> {
  return replayCandidates(a, after, new Set()).fresh.map((x) => [x.personId, x.rule]);
}
