// `exilewatch digest send`: the built command line, a real Redis, the placeholder feed on a real HTTP
// server and a real SMTP server on 127.0.0.1.
import { exilewatchAsync as exilewatch } from '../../helpers/cli';
import { closedPort, startSmtpReceiver, type SmtpReceiver } from '../alerts/servers';
import { placeholder, type Placeholder } from './placeholder';

let p: Placeholder;
let smtp: SmtpReceiver;

beforeAll(async () => {
  p = await placeholder();
  smtp = await startSmtpReceiver();
  // One alert for the digest route (person-mentioned), one for the immediate route.
  const once = await exilewatch(['once', ...p.args], { env: p.env() });
  expect(once.stdout).toMatch(/^alerts: 2$/m);
}, 30_000);

afterAll(async () => {
  await Promise.all([p.close(), smtp.close()]);
});

const send = (route: string, smtpUrl: string) => exilewatch(['digest', 'send', route, ...p.args], { env: p.env({ SMTP_URL: smtpUrl }) });

test('a refused send says why, exits 1, and leaves the alerts waiting', async () => {
  const r = await send('digest', `smtp://127.0.0.1:${await closedPort()}`);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^exilewatch: digest of route digest not sent \(its alerts keep waiting\): email: .*ECONNREFUSED.*\n$/);
  expect(smtp.messages).toHaveLength(0);
});

test('sends what waits, once; then there is nothing waiting', async () => {
  const r = await send('digest', `smtp://127.0.0.1:${smtp.port}`);
  expect(r).toEqual({ code: 0, stdout: 'sent the digest of route digest: 1 alert\n', stderr: '' });
  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0]!.subject).toMatch(/^\[exilewatch\] /);
  const again = await send('digest', `smtp://127.0.0.1:${smtp.port}`);
  expect(again).toEqual({ code: 0, stdout: 'nothing waiting for route digest\n', stderr: '' });
  expect(smtp.messages).toHaveLength(1);
  const list = await exilewatch(['alerts', 'list', '--route', 'digest', '--state', 'sent', '--json', ...p.args], { env: p.env() });
  expect((JSON.parse(list.stdout) as Array<{ rule: string }>).map((a) => a.rule)).toEqual(['person-mentioned']);
});

test('a route that is not a digest route, or no route at all, is a usage error: exit 2', async () => {
  const immediate = await send('desk', `smtp://127.0.0.1:${smtp.port}`);
  expect(immediate).toEqual({ code: 2, stdout: '', stderr: 'exilewatch: route desk sends each alert as it comes (no mode: digest): it has no digest\n' });
  const unknown = await send('digets', `smtp://127.0.0.1:${smtp.port}`);
  expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'exilewatch: no route "digets" in the watchlist (did you mean digest?)\n' });
});
