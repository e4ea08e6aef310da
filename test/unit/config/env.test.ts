import { ENV_VARIABLES, EnvError, readEnv } from '../../../src/config/env';

test('the health and metrics server listens on 127.0.0.1:9464 unless told otherwise', () => {
  expect(readEnv({}).http).toEqual({ port: 9464, host: '127.0.0.1' });
  expect(readEnv({ HTTP_PORT: '0' }).http.port).toBe(0);
  expect(readEnv({ HTTP_PORT: 'off' }).http.port).toBe('off');
  expect(readEnv({ HTTP_PORT: 'OFF', HTTP_HOST: '0.0.0.0' }).http).toEqual({ port: 'off', host: '0.0.0.0' });
});

test.each(['abc', '-1', '65536', '80.5', ' 80'])('HTTP_PORT=%j is refused with a one-line reason', (value) => {
  expect(() => readEnv({ HTTP_PORT: value })).toThrow(EnvError);
  expect(() => readEnv({ HTTP_PORT: value })).toThrow(/^HTTP_PORT: .* is not a port number \(0 takes a free port, off runs no server\)$/);
});

test('LOG_FORMAT: unset is auto (readable on a terminal, JSON otherwise); json and pretty force one', () => {
  expect(readEnv({}).logFormat).toBe('auto');
  expect(readEnv({ LOG_FORMAT: '' }).logFormat).toBe('auto');
  expect(readEnv({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
  expect(readEnv({ LOG_FORMAT: 'Pretty' }).logFormat).toBe('pretty');
  expect(() => readEnv({ LOG_FORMAT: 'yaml' })).toThrow(/^LOG_FORMAT: "yaml" is neither json nor pretty/);
});

test('NO_COLOR set to anything but the empty string turns colours off', () => {
  expect(readEnv({}).noColor).toBe(false);
  expect(readEnv({ NO_COLOR: '' }).noColor).toBe(false);
  expect(readEnv({ NO_COLOR: '1' }).noColor).toBe(true);
});

test('ADMIN_PASSWORD turns on the queue dashboard, taken exactly as written; unset or empty, there is none', () => {
  expect(readEnv({}).http.adminPassword).toBeUndefined();
  expect(readEnv({ ADMIN_PASSWORD: '' }).http.adminPassword).toBeUndefined();
  expect(readEnv({ ADMIN_PASSWORD: ' pass: word ' }).http.adminPassword).toBe(' pass: word ');
  expect(readEnv({ ADMIN_PASSWORD: 'x', HTTP_PORT: 'off' }).http).toEqual({ port: 'off', host: '127.0.0.1', adminPassword: 'x' });
  expect(ENV_VARIABLES).toContain('ADMIN_PASSWORD');
});

test('EXILEWATCH_REPLAY_WINDOW: 3 days unless set; a duration; off or 0 keeps no text for replay', () => {
  expect(readEnv({}).replayWindowMs).toBe(3 * 86_400_000);
  expect(readEnv({ EXILEWATCH_REPLAY_WINDOW: '36h' }).replayWindowMs).toBe(36 * 3_600_000);
  expect(readEnv({ EXILEWATCH_REPLAY_WINDOW: 'off' }).replayWindowMs).toBe(0);
  expect(readEnv({ EXILEWATCH_REPLAY_WINDOW: '0' }).replayWindowMs).toBe(0);
  expect(() => readEnv({ EXILEWATCH_REPLAY_WINDOW: 'three days' })).toThrow(/^EXILEWATCH_REPLAY_WINDOW: "three days" is not a duration \(3d, 36h\) or off$/);
  expect(ENV_VARIABLES).toContain('EXILEWATCH_REPLAY_WINDOW');
});

test('REDIS_CLUSTER_NODES: host:port pairs of a Redis Cluster; not with Sentinel; a bad pair is named', () => {
  expect(readEnv({}).clusterNodes).toBeUndefined();
  expect(readEnv({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001' }).clusterNodes).toEqual([
    { host: '10.0.0.1', port: 7000 },
    { host: 'redis-b', port: 7001 },
  ]);
  expect(() => readEnv({ REDIS_CLUSTER_NODES: '10.0.0.1' })).toThrow(/^REDIS_CLUSTER_NODES: "10.0.0.1" is not host:port$/);
  expect(() => readEnv({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2' })).toThrow(EnvError);
  expect(ENV_VARIABLES).toContain('REDIS_CLUSTER_NODES');
});
