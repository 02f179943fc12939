import type { Principal } from '../auth/principal.js';
import type { SkillEntry } from '../catalog/index.js';
import type { CatalogQueryService } from '../catalog/query.js';
import type { SkillContent } from './content.js';

export interface McpPage {
  entries: SkillEntry[];
  nextCursor: string | null;
}

/** Skills per page of every MCP listing (tools, resources, prompts, the skills extension). */
export const MCP_PAGE_SIZE = 50;

/**
 * What the MCP surface reads, all through the catalog query service: the same visibility,
 * ranking and cursors as the HTTP API, and never a skill the quarantine policy blocks.
 */
export class McpCatalog {
  constructor(
    readonly query: CatalogQueryService,
    readonly content: SkillContent,
  ) {}

  /**
   * The first page of `GET /api/skills?q=` (same ranking, and its indexes, which a search over a
   * filtered subset could not use), blocked skills left out. `total` counts every match.
   */
  search(principal: Principal, q: string, options: { category?: string; limit: number }): { entries: SkillEntry[]; total: number } {
    const page = this.query.browse(principal, { q, category: options.category, pageSize: options.limit, quarantine: 'include' });
    return { entries: page.items.filter((entry) => this.query.decisionFor(entry).runnable), total: page.total };
  }

  /**
   * One page in name order. A blocked skill is dropped from its page rather than shifting the
   * pages after it, so a page may hold fewer than the page size while the cursor stays exact.
   */
  page(principal: Principal, options: { cursor?: string; category?: string; pageSize?: number } = {}): McpPage {
    const page = this.query.browse(principal, { cursor: options.cursor, category: options.category, pageSize: options.pageSize ?? MCP_PAGE_SIZE, quarantine: 'include' });
    return { entries: page.items.filter((entry) => this.query.decisionFor(entry).runnable), nextCursor: page.nextCursor };
  }

  /** `name` or `name@version`; 404 when the caller cannot see it, 403 when it is quarantined. */
  resolve(principal: Principal, ref: string): SkillEntry {
    return this.query.resolve(principal, ref, 'install').entry;
  }

  /** True when every skill is global, so every caller gets the same answers. */
  get shared(): boolean {
    return !this.query.snapshot().hasRestricted;
  }
}
