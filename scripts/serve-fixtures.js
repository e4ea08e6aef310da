#!/usr/bin/env node
'use strict';
// Serves seeds/feeds/ (or FIXTURES_DIR) on http://127.0.0.1:8808/ (or PORT) so
// `exilewatch once --feeds seeds/feeds/local-feeds.yaml` has something to poll on a machine without
// network access. Ctrl-C to stop.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.FIXTURES_DIR ? path.resolve(process.env.FIXTURES_DIR) : path.join(__dirname, '..', 'seeds', 'feeds');
const port = Number(process.env.PORT || 8808);
http
  .createServer((req, res) => {
    const name = path.basename(new URL(req.url || '/', 'http://127.0.0.1').pathname);
    const file = path.join(dir, name);
    if (!name.endsWith('.xml') || !fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    fs.createReadStream(file).pipe(res);
  })
  .listen(port, '127.0.0.1', () => console.log(`serving ${path.relative(process.cwd(), dir) || dir} on http://127.0.0.1:${port}/`));
