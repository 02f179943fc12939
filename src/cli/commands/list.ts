import type { Command } from 'commander';
import { Catalog } from '../../catalog/index.js';
import { loadConfig } from '../../config.js';
import { FilesystemSource } from '../../sources/index.js';
import { skillSummary } from '../../http/views/skill-view.js';
import { table } from '../format.js';

export function listCommand(program: Command): void {
  program
    .command('list')
    .description('List the skills in the skills directories (one line per skill, the version a bare name resolves to)')
    .option('--skills-path <dirs>', 'directories separated by ":" (default: $SKILLPORT_SKILLS_PATH or the bundled examples)')
    .option('--category <category>', 'only skills in this category')
    .option('--json', 'print JSON in the same shape as GET /api/v1/skills')
    .action(async (opts: { skillsPath?: string; category?: string; json?: boolean }) => {
      const config = loadConfig({ ...process.env, ...(opts.skillsPath ? { SKILLPORT_SKILLS_PATH: opts.skillsPath } : {}) });
      const catalog = new Catalog();
      const source = new FilesystemSource({ dirs: config.skillsPaths, watch: false, limits: { maxFileBytes: config.maxSkillBytes } });
      await source.start((state) => catalog.update(source.key, state));
      const snapshot = catalog.snapshot();
      const skills = snapshot.list({ category: opts.category }).map(skillSummary);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ skills, count: skills.length, categories: snapshot.categories }, null, 2) + '\n');
        return;
      }
      const rows = [['NAME', 'VERSION', 'CATEGORY', 'FLAGS', 'DESCRIPTION']];
      for (const s of skills) {
        const flags = [s.enabled ? '' : 'disabled', s.dangerous ? 'dangerous' : ''].filter(Boolean).join(',') || '-';
        rows.push([s.name, s.version, s.category, flags, truncate(s.description, 70)]);
      }
      process.stdout.write(table(rows) + '\n');
      process.stdout.write(`${skills.length} skill(s)${snapshot.errors.length ? `, ${snapshot.errors.length} file(s) with errors (run skillport validate)` : ''}\n`);
    });
}

function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}
