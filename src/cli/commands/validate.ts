import type { Command } from 'commander';
import { validatePaths } from '../../sources/index.js';
import { formatDiagnostic } from '../format.js';

export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description('Check skill files and folders; exits 1 when any has an error')
    .argument('<paths...>', 'SKILL.md files, flat <name>.md files, or folders to search')
    .option('--json', 'print a JSON report instead of text')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const reports = await validatePaths(paths);
      const errors = reports.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error'));
      const warnings = reports.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'warning'));
      const valid = reports.filter((r) => r.ok).length;
      if (opts.json) {
        process.stdout.write(JSON.stringify({ ok: errors.length === 0, files: reports, summary: { files: reports.length, valid, errors: errors.length, warnings: warnings.length } }, null, 2) + '\n');
      } else {
        for (const d of errors) process.stdout.write(`error    ${formatDiagnostic(d)}\n`);
        for (const d of warnings) process.stdout.write(`warning  ${formatDiagnostic(d)}\n`);
        process.stdout.write(`${reports.length} file(s) checked: ${valid} valid, ${errors.length} error(s), ${warnings.length} warning(s)\n`);
      }
      process.exitCode = errors.length > 0 || reports.length === 0 ? 1 : 0;
    });
}
