/**
 * The web UI: the size of the page's JavaScript and CSS as a browser downloads them (gzip), and
 * the time from navigating to the catalog of 10,000 skills until its first rows are on screen in
 * Debian's Chromium, beside the same browser showing a static page of the same rows served from
 * memory by bare node:http (the floor of navigation and paint, measured in the same run).
 * Standalone: `npm run bench -- --only web`; a full `npm run bench` adds its rows.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { generateCorpus } from './generate.js';
import { median, printRows, waitForBackgroundScan } from './load.js';
import type { ScannerRow } from './scanner.js';
import { REPO_ROOT, startSkillport, stopAll } from './servers.js';

const SKILL_COUNT = 10_000;
const SEED = 0x5eed_2024;
const KEY = `sk_${'be9c'.repeat(16)}`;
const RUNS = 7;
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROW = '.skill-row';

export interface WebFigures {
  assets: { jsBytes: number; jsGzipBytes: number; cssBytes: number; cssGzipBytes: number };
  firstRender: { skills: number; medianMs: number; samplesMs: number[]; staticMedianMs: number; staticSamplesMs: number[] };
}

export async function runWebBench(log: (message: string) => void = () => {}): Promise<{ rows: ScannerRow[]; figures?: WebFigures }> {
  if (!existsSync(CHROMIUM)) {
    log(`web: skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    return { rows: [{ metric: 'web UI', value: 'skipped', baseline: `no Chromium at ${CHROMIUM}` }] };
  }
  const assets = await assetSizes();
  log(`web: JS ${assets.jsGzipBytes} B gzip (${assets.jsBytes} B), CSS ${assets.cssGzipBytes} B gzip (${assets.cssBytes} B)`);

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'skillport-bench-web-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  let floor: http.Server | undefined;
  try {
    const skillsDir = path.join(tmp, 'skills');
    await mkdir(skillsDir);
    await generateCorpus(skillsDir, { count: SKILL_COUNT, seed: SEED });
    const server = await startSkillport({ skillsDir, dataDir: path.join(tmp, 'data'), key: KEY });
    const base = server.match[1]!;
    await waitForBackgroundScan(base, { 'x-api-key': KEY }, log);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in with key' }).click();
    await page.locator(ROW).first().waitFor();
    const rows = await page.locator(ROW).count();
    const rowsHtml = await page.locator('main').innerHTML();
    const samplesMs = await timeNavigations(page, `${base}/`);

    // The floor: the rows the catalog showed, as a static page from memory, no script at all.
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body><main>${rowsHtml}</main></body></html>`;
    floor = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html));
    await new Promise<void>((resolve) => floor!.listen(0, '127.0.0.1', resolve));
    const staticSamplesMs = await timeNavigations(page, `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`);

    const figures: WebFigures = { assets, firstRender: { skills: SKILL_COUNT, medianMs: median(samplesMs), samplesMs, staticMedianMs: median(staticSamplesMs), staticSamplesMs } };
    log(`web: catalog of ${SKILL_COUNT} skills, first ${rows} rows on screen: median ${figures.firstRender.medianMs.toFixed(0)} ms; static page of the same rows ${figures.firstRender.staticMedianMs.toFixed(0)} ms`);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    return {
      figures,
      rows: [
        { metric: 'web UI: JavaScript, gzip', value: kb(assets.jsGzipBytes), baseline: `${kb(assets.jsBytes)} uncompressed` },
        { metric: 'web UI: CSS, gzip', value: kb(assets.cssGzipBytes), baseline: `${kb(assets.cssBytes)} uncompressed` },
        {
          metric: `web UI: catalog of ${SKILL_COUNT} skills to first rows on screen, median of ${RUNS}`,
          value: `${figures.firstRender.medianMs.toFixed(0)} ms`,
          baseline: `${figures.firstRender.staticMedianMs.toFixed(0)} ms (the same rows as a static page)`,
          ratio: figures.firstRender.medianMs / figures.firstRender.staticMedianMs,
        },
      ],
    };
  } finally {
    await browser.close();
    floor?.close();
    await stopAll();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Milliseconds from starting a navigation until the first skill row is visible, RUNS times (after one warm-up). */
async function timeNavigations(page: Page, url: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(ROW).first().waitFor({ state: 'visible' });
    if (i > 0) samples.push(performance.now() - started);
  }
  return samples;
}

/** The built page's scripts and stylesheets, raw and gzipped as the server sends them. */
async function assetSizes(): Promise<WebFigures['assets']> {
  const dir = path.join(REPO_ROOT, 'dist/web/assets');
  if (!existsSync(dir)) throw new Error('the web UI is not built: npm run build (npm run bench does it)');
  const sizes = { jsBytes: 0, jsGzipBytes: 0, cssBytes: 0, cssGzipBytes: 0 };
  for (const name of await readdir(dir)) {
    const bytes = await readFile(path.join(dir, name));
    if (name.endsWith('.js')) {
      sizes.jsBytes += bytes.length;
      sizes.jsGzipBytes += gzipSync(bytes).length;
    } else if (name.endsWith('.css')) {
      sizes.cssBytes += bytes.length;
      sizes.cssGzipBytes += gzipSync(bytes).length;
    }
  }
  return sizes;
}

/** `npm run bench -- --only web`. */
export async function main(): Promise<number> {
  const { rows } = await runWebBench((message) => process.stderr.write(`[bench web] ${message}\n`));
  printRows(rows);
  return 0;
}
