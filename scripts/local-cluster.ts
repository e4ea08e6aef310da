// A Redis Cluster on 127.0.0.1 for the tests and the bench: three primaries and a replica each, every
// node a private redis-server on a free port in a temporary directory, joined with
// `redis-cli --cluster create`. `killPrimaryOf(key)` SIGKILLs the primary that serves a key and waits
// until its replica has taken over, as a lost machine would be replaced in production.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/util/free-port';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LocalCluster {
  /** host:port of every node, for REDIS_CLUSTER_NODES. */
  readonly nodesEnv: string;
  /** The port of the primary that serves `key` now. */
  primaryOf(key: string): number;
  /** SIGKILLs the primary serving `key`; resolves with its port once a replica serves the key instead. */
  killPrimaryOf(key: string): Promise<number>;
  /** used_memory summed over the primaries. */
  usedMemory(): number;
  stop(): Promise<void>;
}

interface Node {
  port: number;
  proc: ChildProcess;
}

function cli(port: number, ...args: string[]): string {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Port of the primary serving `slot`, from CLUSTER NODES as `port` sees it; undefined while none does. */
function servingPort(port: number, slot: number): number | undefined {
  for (const line of cli(port, 'cluster', 'nodes').split('\n')) {
    const [, address, flags, , , , , state, ...ranges] = line.split(' ');
    if (!address || !flags?.includes('master') || flags.includes('fail') || state !== 'connected') continue;
    for (const range of ranges) {
      const [from, to] = range.split('-').map(Number);
      if (from !== undefined && slot >= from && slot <= (to ?? from)) return Number(address.split(':')[1]!.split('@')[0]);
    }
  }
  return undefined;
}

function clusterOk(port: number): boolean {
  try {
    return /cluster_state:ok/.test(cli(port, 'cluster', 'info'));
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`local cluster: ${what} within ${ms / 1000} s`);
    await sleep(100);
  }
}

export async function startLocalCluster(opts: { nodeTimeoutMs?: number } = {}): Promise<LocalCluster> {
  if (spawnSync('redis-cli', ['--version']).error)
    throw new Error('a local Redis Cluster needs redis-server and redis-cli (Debian: apt-get install redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-cluster-'));
  const nodes: Node[] = [];
  for (let i = 0; i < 6; i++) {
    const port = await freePort();
    const nodeDir = join(dir, String(port));
    mkdirSync(nodeDir);
    const proc = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir, '--save', '', '--appendonly', 'no'],
        ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(opts.nodeTimeoutMs ?? 1000)],
        // A replica may take over however long it was cut off: the test kills its primary on purpose.
        ...['--cluster-replica-validity-factor', '0'],
      ],
      { stdio: 'ignore' },
    );
    nodes.push({ port, proc });
  }
  const alive = () => nodes.filter((n) => n.proc.exitCode === null && n.proc.signalCode === null);
  const stop = async () => {
    await Promise.all(
      alive().map(
        (n) =>
          new Promise<void>((resolve) => {
            n.proc.once('exit', () => resolve());
            n.proc.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until(
      () => nodes.every((n) => spawnSync('redis-cli', ['-p', String(n.port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG'),
      10_000,
      'nodes answering',
    );
    cli(nodes[0]!.port, '--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes');
    await until(() => nodes.every((n) => clusterOk(n.port)), 20_000, 'cluster_state:ok on every node');
    // Every replica in sync, so that killing a primary loses nothing written before the test starts.
    await until(() => nodes.every((n) => !/master_link_status:down/.test(cli(n.port, 'info', 'replication'))), 20_000, 'replicas in sync');
  } catch (err) {
    await stop();
    throw err;
  }
  const anyAlive = (): number => alive()[0]!.port;
  const slotOf = (key: string): number => Number(cli(anyAlive(), 'cluster', 'keyslot', key).trim());
  return {
    nodesEnv: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
    primaryOf: (key) => {
      const port = servingPort(anyAlive(), slotOf(key));
      if (port === undefined) throw new Error(`local cluster: no primary serves ${key}`);
      return port;
    },
    async killPrimaryOf(key) {
      const slot = slotOf(key);
      const port = servingPort(anyAlive(), slot);
      const node = nodes.find((n) => n.port === port);
      if (!node) throw new Error(`local cluster: no primary serves ${key}`);
      await new Promise<void>((resolve) => {
        node.proc.once('exit', () => resolve());
        node.proc.kill('SIGKILL');
      });
      await until(
        () => {
          const now = servingPort(anyAlive(), slot);
          return now !== undefined && now !== port && clusterOk(anyAlive());
        },
        30_000,
        'a replica taking over',
      );
      return port!;
    },
    usedMemory: () =>
      alive()
        .filter((n) => /role:master/.test(cli(n.port, 'info', 'replication')))
        .reduce((sum, n) => sum + Number(/used_memory:(\d+)/.exec(cli(n.port, 'info', 'memory'))![1]), 0),
    stop,
  };
}
