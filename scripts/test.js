#!/usr/bin/env node
'use strict';
// `npm test`: runs jest against a private redis-server on a free port, so test runs never touch an
// operator's Redis or each other. Set REDIS_URL to use a Redis you started yourself instead.
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => { sock.end(); resolve(); });
      sock.once('error', () => {
        if (Date.now() > deadline) reject(new Error(`redis-server did not answer on port ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

async function main() {
  // Type-check everything (tests included) and build dist/, which the command-line tests run.
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // Lint (typescript-eslint, type-checked) and formatting (Prettier) are part of the tests.
  const lint = spawnSync(process.execPath, [path.join(__dirname, '..', 'node_modules', 'eslint', 'bin', 'eslint.js'), '.'], { stdio: 'inherit' });
  if (lint.status !== 0) process.exit(lint.status ?? 1);
  const format = spawnSync(process.execPath, [path.join(__dirname, '..', 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--check', '--log-level', 'warn', 'src/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'], { stdio: 'inherit' });
  if (format.status !== 0) {
    console.error('run: npx prettier --write "src/**/*.ts" "scripts/**/*.ts" "test/**/*.ts"');
    process.exit(format.status ?? 1);
  }
  const env = { ...process.env };
  let redis;
  if (!env.REDIS_URL) {
    if (spawnSync('redis-server', ['--version']).error) {
      console.error('npm test needs redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), or REDIS_URL pointing at a Redis you run.');
      process.exit(1);
    }
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exilewatch-test-redis-'));
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    await waitForPort(port, 10000);
    env.REDIS_URL = `redis://127.0.0.1:${port}`;
  }
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exilewatch-jest-')), 'results.json');
  const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--json', `--outputFile=${results}`, ...process.argv.slice(2)], { stdio: 'inherit', env });
  const stop = () => { if (redis) redis.kill('SIGTERM'); };
  process.on('SIGINT', () => jest.kill('SIGINT'));
  jest.on('exit', (code, signal) => {
    stop();
    // One plain closing line that any CI can read, whatever the reporter printed above it.
    try {
      const r = JSON.parse(fs.readFileSync(results, 'utf8'));
      console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
    } catch {
      // jest wrote no results (it failed before running tests); its exit code says so.
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
