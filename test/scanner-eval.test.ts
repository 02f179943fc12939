import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, formatReport, TARGETS } from '../src/scanner/evaluation.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASES = fileURLToPath(new URL('./scanner-cases', import.meta.url));

describe.skipIf(!existsSync(CASES))('scanner evaluation on the labelled cases', () => {
  it(`flags at least ${TARGETS.minRecall * 100}% of malicious cases with at most ${TARGETS.maxFalsePositiveRate * 100}% HIGH+ false positives`, async () => {
    const report = await evaluate(REPO_ROOT);
    expect(report.malicious).toBeGreaterThan(0);
    const summary = formatReport(report);
    expect(report.recall, summary).toBeGreaterThanOrEqual(TARGETS.minRecall);
    expect(report.falsePositiveRate, summary).toBeLessThanOrEqual(TARGETS.maxFalsePositiveRate);
  }, 120_000);
});
