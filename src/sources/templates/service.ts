import type { ActionContext } from '../../auth/audit.js';
import { requireAdmin } from '../../auth/policy.js';
import type { Store } from '../../store/index.js';
import { AppError, badRequest } from '../../util/app-error.js';
import type { ConfigService } from '../config/service.js';
import type { Template } from './templates.js';

export interface ImportResult {
  imported: Array<{ id: string; template_source_id: string }>;
  skipped: Array<{ template_source_id: string; reason: 'already_imported' }>;
  errors: Array<{ template_source_id: string; error: string }>;
}

/** Packaged templates: listing, importing as built-in rows, and first-start seeding. */
export class TemplateService {
  constructor(
    private readonly templates: readonly Template[],
    private readonly store: Store,
    private readonly configs: ConfigService,
  ) {}

  list(): readonly Template[] {
    return this.templates;
  }

  /** Imports the named templates (or all); running it twice imports nothing twice. */
  async import(ctx: ActionContext, input: { template_ids?: string[]; import_all?: boolean }): Promise<ImportResult> {
    requireAdmin(ctx.principal);
    if (!input.import_all && (!input.template_ids || input.template_ids.length === 0)) {
      throw badRequest('give template_ids (a list of template ids) or import_all: true');
    }
    const ids = input.import_all ? this.templates.map((t) => t.id) : [...new Set(input.template_ids)];
    const result: ImportResult = { imported: [], skipped: [], errors: [] };
    for (const id of ids) {
      const template = this.templates.find((t) => t.id === id);
      if (!template) {
        result.errors.push({ template_source_id: id, error: 'unknown template id' });
        continue;
      }
      if (await this.store.configs.getByTemplate(id)) {
        result.skipped.push({ template_source_id: id, reason: 'already_imported' });
        continue;
      }
      try {
        const config = await this.configs.createSystem(ctx, {
          templateSourceId: id,
          content: template.content,
          metadata: { template: { title: template.title, icon: template.icon, tags: template.tags, input_variables: template.input_variables }, tags: template.tags },
        });
        result.imported.push({ id: config.id, template_source_id: id });
      } catch (err) {
        // A concurrent import of the same template lost the race: that is a skip, not an error.
        if (err instanceof AppError && err.statusCode === 409) result.skipped.push({ template_source_id: id, reason: 'already_imported' });
        else result.errors.push({ template_source_id: id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return result;
  }

  async seedStatus(): Promise<{ needsSeeding: boolean; existingCount: number; templateCount: number; message: string }> {
    const imported = await Promise.all(this.templates.map((t) => this.store.configs.getByTemplate(t.id)));
    const existingCount = imported.filter(Boolean).length;
    const missing = this.templates.length - existingCount;
    return {
      needsSeeding: missing > 0,
      existingCount,
      templateCount: this.templates.length,
      message: missing > 0 ? `${missing} of ${this.templates.length} packaged templates are not imported yet` : 'All packaged templates are imported',
    };
  }

  /** Imports whatever is missing. */
  async seed(ctx: ActionContext): Promise<ImportResult> {
    return this.import(ctx, { import_all: true });
  }
}
