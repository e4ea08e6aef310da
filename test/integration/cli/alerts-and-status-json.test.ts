// `alerts list` (filters, --json, local times, case codes) and `status --json`, run as an operator runs
// them: the built command line, a real Redis, the placeholder feed on a real HTTP server.
import { exilewatchAsync as exilewatch } from '../../helpers/cli';
import { placeholder, type Placeholder } from './placeholder';

const localTime: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/);

let p: Placeholder;

beforeAll(async () => {
  p = await placeholder();
  const once = await exilewatch(['once', ...p.args], { env: p.env() });
  expect(once.stdout).toMatch(/^alerts: 2$/m);
}, 30_000);

afterAll(async () => {
  await p.close();
});

interface ListedAlert {
  id: string;
  created_at: string;
  severity: string;
  rule: string;
  case_code: string | null;
  person?: string;
  signals: string[];
  source: string;
  url: string;
  deliveries: Array<{ route: string; state: string; at: string; attempts: number; error: string | null }>;
}

async function listJson(...args: string[]): Promise<ListedAlert[]> {
  const r = await exilewatch(['alerts', 'list', '--json', ...args, ...p.args], { env: p.env({ TZ: 'Asia/Kolkata' }) });
  expect(r.code).toBe(0);
  expect(r.stderr).not.toMatch(/error/i);
  return JSON.parse(r.stdout) as ListedAlert[];
}

test('alerts list --json gives each alert with its case code, local times and deliveries, never the name', async () => {
  const r = await exilewatch(['alerts', 'list', '--json', ...p.args], { env: p.env({ TZ: 'Asia/Kolkata' }) });
  expect(r.stdout).not.toMatch(/vanna|sokun/i);
  const alerts = JSON.parse(r.stdout) as ListedAlert[];
  expect(alerts.map((a) => a.rule).sort()).toEqual(['person-mentioned', 'person-pursued']);
  const pursued = alerts.find((a) => a.rule === 'person-pursued')!;
  expect(pursued).toMatchObject({
    severity: 'high',
    case_code: 'VS-01',
    signals: ['arrest-detention'],
    source: 'placeholder-gazette',
    url: 'http://127.0.0.1:8808/stories/held-at-border',
  });
  expect(pursued.person).toBeUndefined();
  // India has one offset all year: +05:30 proves the time is local, not UTC.
  expect(pursued.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/);
  expect(Date.parse(pursued.created_at)).not.toBeNaN();
  expect(pursued.deliveries).toEqual([{ route: 'desk', state: 'failed', at: localTime, attempts: 1, error: 'email: SMTP_URL is not set' }]);
});

test('filters by severity, state, route and person', async () => {
  expect((await listJson('--severity', 'high')).map((a) => a.rule)).toEqual(['person-pursued']);
  expect((await listJson('--severity', 'low')).length).toBe(2);
  expect((await listJson('--state', 'digest')).map((a) => a.rule)).toEqual(['person-mentioned']);
  expect((await listJson('--state', 'sent')).length).toBe(0);
  expect((await listJson('--route', 'desk')).map((a) => a.rule)).toEqual(['person-pursued']);
  expect((await listJson('--route', 'digest', '--state', 'failed')).length).toBe(0);
  expect((await listJson('--person', 'vanna-sokun', '--limit', '1')).length).toBe(1);
});

test('the text list shows a case code and the local time with its offset', async () => {
  const r = await exilewatch(['alerts', 'list', '--severity', 'high', ...p.args], { env: p.env({ TZ: 'Asia/Kolkata' }) });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /^\d{4}-\d\d-\d\d \d\d:\d\d \+05:30 {2}HIGH {5}person-pursued {2}case VS-01: arrest-detention\n {4}http:\/\/127\.0\.0\.1:8808\/stories\/held-at-border\n {4}alert [0-9a-f]{32}\n {4}desk: failed after 1 attempt, .+ \(email: SMTP_URL is not set\)\n$/,
  );
});

test('an unknown person or route is one line with a did-you-mean, exit 1', async () => {
  const person = await exilewatch(['alerts', 'list', '--person', 'vana-sokun', ...p.args], { env: p.env() });
  expect(person).toMatchObject({
    code: 1,
    stdout: '',
    stderr: 'exilewatch: --person: no person with id "vana-sokun" in the watchlist (did you mean vanna-sokun?)\n',
  });
  const route = await exilewatch(['alerts', 'list', '--route', 'dsk', ...p.args], { env: p.env() });
  expect(route).toMatchObject({ code: 1, stderr: 'exilewatch: --route: no route with id "dsk" in the watchlist (did you mean desk?)\n' });
  const state = await exilewatch(['alerts', 'list', '--state', 'lost', ...p.args], { env: p.env() });
  expect(state.code).toBe(1);
  expect(state.stderr).toMatch(/^error: option '--state <state>' argument 'lost' is invalid/);
});

test('status --json: queue counts and source health, snake_case, local times', async () => {
  const r = await exilewatch(['status', '--json', ...p.args], { env: p.env({ TZ: 'Asia/Kolkata' }) });
  expect(r.code).toBe(0);
  const status = JSON.parse(r.stdout) as {
    queues: Record<string, Record<string, number>>;
    sources: Array<Record<string, unknown>>;
    failed_deliveries: number;
  };
  expect(Object.keys(status.queues).sort()).toEqual(['article', 'deliver', 'digest', 'poll', 'replay']);
  expect(status.queues.poll).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 1, failed: 0 });
  expect(status.failed_deliveries).toBe(1);
  expect(status.sources).toEqual([
    {
      id: 'placeholder-gazette',
      configured: true,
      state: 'ok',
      last_check_at: localTime,
      last_success_at: localTime,
      consecutive_failures: 0,
      last_error: null,
      next_check_at: null,
      charset_note: null,
    },
  ]);
});
