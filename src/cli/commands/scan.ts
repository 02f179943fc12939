import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageVersion } from '../../util/package-version.js';
import { SEVERITIES, scanSkill, unreadableResult, type ScanResult, type Severity } from '../../scanner/index.js';
import { loadSkills } from '../../scanner/load.js';
import { toSarif } from '../../scanner/sarif.js';
import { formatScanTable, type ScannedSkill } from '../../scanner/text-report.js';

const FORMATS = ['table', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface ScanOptions {
  format: string;
  failOn: string;
  output?: string;
  informationUri?: string;
}

/**
 * `skillport scan <path...>`: scans skill folders, SKILL.md files, flat `<name>.md` files and
 * folders of skills with the built-in rule pack. Exit code 1 when a finding is at or above
 * `--fail-on` or a skill could not be scanned, 2 on usage errors.
 */
export function scanCommand(program: Command): void {
  program
    .command('scan')
    .description('Scan skills for prompt injection, exfiltration, secrets and other risks; exits 1 when a finding reaches --fail-on')
    .argument('<paths...>', 'skill folders, SKILL.md files, flat <name>.md files, or folders of skills')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('--fail-on <severity>', `lowest severity that fails the run: ${SEVERITIES.join(', ')}`, 'HIGH')
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--information-uri <url>', 'SARIF: where your rule documentation lives; rules link to <url>#<rule id>')
    .action(async (paths: string[], opts: ScanOptions) => {
      const format = opts.format.toLowerCase() as Format;
      const failOn = opts.failOn.toUpperCase() as Severity;
      if (!FORMATS.includes(format)) return usageError(`--format must be one of ${FORMATS.join(', ')}, not "${opts.format}"`);
      if (!SEVERITIES.includes(failOn)) return usageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not "${opts.failOn}"`);

      const { skills, problems } = await loadSkills(paths);
      const missing = problems.filter((p) => p.endsWith('no such file or folder'));
      if (missing.length > 0) return usageError(missing.join('; '));
      for (const problem of problems) process.stderr.write(`skillport: ${problem}\n`);
      if (skills.length === 0) return usageError(`no skills found under ${paths.join(', ')}`);

      const progress = scanProgress(skills.length);
      const scanned: ScannedSkill[] = skills.map((skill, i) => {
        progress(i);
        return {
          name: skill.name,
          path: displayPath(skill.location),
          root: displayPath(skill.root),
          result: skill.problems.length > 0 ? unreadableResult(skill.problems) : scanSkill({ name: skill.name, files: skill.files }),
        };
      });
      progress(skills.length);

      if (opts.informationUri !== undefined && !/^https?:\/\/\S+$/.test(opts.informationUri)) return usageError('--information-uri must be an http(s) URL');
      const report = await render(format, scanned, opts.informationUri);
      if (opts.output) {
        await writeFile(opts.output, report);
        process.stderr.write(`skillport: ${scanned.length} skill(s) scanned; report written to ${opts.output}\n`);
      } else {
        process.stdout.write(report);
      }
      process.exitCode = scanned.some((s) => fails(s.result, failOn)) ? 1 : 0;
    });
}

async function render(format: Format, scanned: ScannedSkill[], informationUri?: string): Promise<string> {
  if (format === 'table') return formatScanTable(scanned);
  if (format === 'sarif') {
    const log = toSarif(scanned.map((s) => ({ root: s.root, result: s.result })), { toolVersion: await packageVersion(), informationUri });
    return JSON.stringify(log, null, 2) + '\n';
  }
  // One skill: its ScanResult as is. Several: each result with the skill it belongs to.
  const body = scanned.length === 1 ? scanned[0]!.result : scanned.map((s) => ({ skill: s.name, path: s.path, result: s.result }));
  return JSON.stringify(body, null, 2) + '\n';
}

const RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));

/** A skill fails the run when a finding reaches the threshold, or when it could not be scanned at all. */
function fails(result: ScanResult, failOn: Severity): boolean {
  return result.verdict === 'error' || result.findings.some((f) => RANK.get(f.severity)! <= RANK.get(failOn)!);
}

/** Relative to the working directory when inside it, with `/` separators (what CI annotations expect). */
function displayPath(p: string): string {
  const relative = path.relative(process.cwd(), path.resolve(p));
  const shown = relative && !relative.startsWith('..') ? relative : p;
  return shown.split(path.sep).join('/');
}

function usageError(message: string): void {
  process.stderr.write(`skillport: ${message}\n`);
  process.exitCode = 2;
}

/**
 * Progress on stderr for long runs (stdout stays the report): a line rewritten in place on a
 * terminal, a line every few seconds in CI logs. Nothing for a handful of skills.
 */
function scanProgress(total: number): (done: number) => void {
  if (total < 50) return () => {};
  const tty = process.stderr.isTTY === true;
  const every = tty ? 200 : 5000;
  let last = Date.now();
  return (done) => {
    const now = Date.now();
    const finished = done === total;
    if (!finished && now - last < every) return;
    last = now;
    const line = `scanning: ${done}/${total} skills`;
    if (tty) process.stderr.write(`\r${line}${finished ? '\n' : ''}`);
    else if (!finished) process.stderr.write(`skillport: ${line}\n`);
  };
}
