import { commandsWithoutHelp } from '../../../src/cli/help-text';
import { program } from '../../../src/cli/main';
import { exilewatch } from '../../helpers/cli';

test('every command has an example, its environment and its exit codes', () => {
  expect(commandsWithoutHelp(program())).toEqual([]);
});

test.each([
  [
    ['once', '--help'],
    /Examples:\n {2}\$ npm run -s cli -- once\n[\s\S]*Environment:\n[\s\S]*REDIS_URL[\s\S]*Exit codes:\n {2}0 {4}every source was read\n[\s\S]* {2}2 {4}a source failed/,
  ],
  [['test-route', '--help'], /Exit codes:\n {2}0 {4}the channel accepted the test message\n {2}1 {4}.*\n {2}2 {4}no such route, or the route is disabled\n$/],
  [['alerts', 'list', '--help'], /--state <state>[\s\S]*TZ +the time zone times are shown in/],
  [['digest', 'send', '--help'], /\$ npm run -s cli -- digest send daily-digest/],
])('%j', (args, shape) => {
  const r = exilewatch(args);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(shape);
});
