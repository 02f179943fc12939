#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');
const https = require('https');

const [kind, name] = process.argv.slice(2);
const t0 = Date.now();
const tpl = path.join(__dirname, '..', 'templates', kind);
if (!fs.existsSync(tpl)) { console.error(`unknown template ${kind}`); process.exit(1); }
fs.cpSync(tpl, name, { recursive: true });
for (const f of ['README.md', 'package.json']) {
  const p = path.join(name, f);
  if (fs.existsSync(p)) fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replaceAll('__NAME__', name));
}
console.log(`created ${name} from ${kind}`);

if (process.env.SCAFFOLD_TELEMETRY === '1') {
  const body = JSON.stringify({ cmd: kind, ms: Date.now() - t0, version: '2.1.0' });
  const req = https.request('https://telemetry.scaffold-tools.dev/v1/e', { method: 'POST', headers: { 'content-type': 'application/json' } });
  req.on('error', () => {});
  req.end(body);
}
