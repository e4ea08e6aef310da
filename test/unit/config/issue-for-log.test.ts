import { issueForLog, type ConfigIssue } from '../../../src/config/errors';
import { watchedTerms } from '../../../src/config/watched-terms';

const issue = (message: string): ConfigIssue => ({ file: 'w.yaml', line: 12, column: 7, message, severity: 'error' });
const watched = watchedTerms({
  people: [
    { id: 'lena-varga', name: 'Lena Varga', aliases: ['L. Varga', { name: 'Varga Lena', context: ['x'] }], shortForms: ['Lenka'], exclude: ['Varga Street'] },
  ],
});

test('the names and ids of a watchlist are collected, from a file that need not validate', () => {
  expect(watched).toEqual(['lena-varga', 'Lena Varga', 'L. Varga', 'Varga Lena', 'Lenka', 'Varga Street']);
  expect(watchedTerms({ people: 'not a list' })).toEqual([]);
  expect(watchedTerms(undefined)).toEqual([]);
});

test('quoted watched names are left out of a logged issue; its position and other quotes stay', () => {
  expect(issueForLog(issue('duplicate id "lena-varga" (already used in people)'), watched)).toBe('w.yaml:12:7: duplicate id "…" (already used in people)');
  expect(issueForLog(issue('"LENKA" has no letters or digits to match'), watched)).toBe('w.yaml:12:7: "…" has no letters or digits to match');
  expect(issueForLog(issue('rules.0.severity: Invalid option: expected one of "critical"|"high"'), watched)).toBe(
    'w.yaml:12:7: rules.0.severity: Invalid option: expected one of "critical"|"high"',
  );
  // Entries named by id in a path: a person's id is left out, a rule's stays.
  expect(issueForLog(issue('people[lena-varga].aliases.0: expected a string'), watched)).toBe('w.yaml:12:7: people[…].aliases.0: expected a string');
  expect(issueForLog(issue('rules[person-pursued].severity: Invalid option'), watched)).toBe('w.yaml:12:7: rules[person-pursued].severity: Invalid option');
  // With settings.logNames on, nothing is watched for.
  expect(issueForLog(issue('duplicate id "lena-varga"'), [])).toBe('w.yaml:12:7: duplicate id "lena-varga"');
});
