/**
 * `npm run eval:scanner`: scans the labelled cases in test/scanner-cases and the real-world skills
 * in test/corpus, prints recall, precision and false-positive rate per category, the misses
 * and the false positives, and exits 1 when the targets (recall ≥ 95 %, HIGH+ false positives
 * ≤ 5 %) are missed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, formatReport } from '../src/scanner/evaluation.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const report = await evaluate(repoRoot);
process.stdout.write(formatReport(report) + '\n');
process.exitCode = report.pass ? 0 : 1;
