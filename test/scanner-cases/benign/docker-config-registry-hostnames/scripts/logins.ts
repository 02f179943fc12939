// Lists registries in ~/.docker/config.json without printing or sending any credential.
import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const file = join(homedir(), '.docker', 'config.json');
if (!existsSync(file)) {
  console.log('no docker config; run docker login first');
  process.exit(0);
}
const cfg = JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, unknown>; credsStore?: string; credHelpers?: Record<string, string> };
const hosts = new Set([...Object.keys(cfg.auths ?? {}), ...Object.keys(cfg.credHelpers ?? {})]);
for (const host of [...hosts].sort()) {
  const helper = cfg.credHelpers?.[host] ?? cfg.credsStore ?? 'inline (base64 in config.json)';
  console.log(`${host.padEnd(40)} ${helper}`);
}
