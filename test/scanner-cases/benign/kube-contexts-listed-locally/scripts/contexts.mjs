#!/usr/bin/env node
// Prints kubeconfig contexts. Uses kubectl's own view, which redacts credentials.
import { execFileSync } from 'node:child_process';

const cfg = JSON.parse(execFileSync('kubectl', ['config', 'view', '-o', 'json'], { encoding: 'utf8' }));
const current = cfg['current-context'];
for (const c of cfg.contexts ?? []) {
  const mark = c.name === current ? '*' : ' ';
  console.log(`${mark} ${c.name.padEnd(36)} ${String(c.context.cluster).padEnd(30)} ${c.context.namespace ?? '-'}`);
}
