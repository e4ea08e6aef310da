import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { RedisUnavailableError } from '../queue/redis-unavailable';

export { RedisUnavailableError };

export function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const sock = net.connect({ port, host });
    const finish = (ok: boolean): void => {
      sock.destroy();
      done(ok);
    };
    sock.setTimeout(timeoutMs, () => finish(false));
    sock.once('connect', () => finish(true));
    sock.once('error', () => finish(false));
  });
}

export interface EmbeddedRedis {
  url: string;
  /** Where its files are. */
  dir: string;
  stop(): Promise<void>;
}

/** Whether an embedded redis-server has ever kept data in this directory. */
export function hasEmbeddedData(dataDir: string): boolean {
  const dir = resolve(dataDir);
  return existsSync(join(dir, 'appendonlydir')) || existsSync(join(dir, 'appendonly.aof'));
}

/**
 * A private redis-server for a single-machine install: data and append-only file under ./var/redis,
 * no eviction (BullMQ must never lose keys to memory pressure), stopped when the worker stops.
 *
 * It runs in a process group of its own: Ctrl-C and a closed terminal signal the whole foreground
 * group, and Redis must outlive the workers that are still finishing their jobs. The caller stops it
 * last; if the process exits any other way, the exit hook stops it.
 */
export async function startEmbeddedRedis(dataDir: string, port = 6379): Promise<EmbeddedRedis> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new RedisUnavailableError(
      'no Redis: set REDIS_URL, install redis-server (apt-get install redis-server, brew install redis) or run `docker compose up redis`',
    );
  }
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
      '--daemonize',
      'no',
      '--logfile',
      'redis.log',
    ],
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  const deadline = Date.now() + 10_000;
  while (!(await portAnswers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      process.removeListener('exit', onExit);
      child.kill('SIGKILL');
      throw new RedisUnavailableError(`the embedded redis-server did not start (see ${dir}/redis.log)`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    dir,
    async stop() {
      process.removeListener('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
