import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Catalog } from '../../catalog/index.js';
import type { CatalogQueryService } from '../../catalog/query.js';
import { AppError } from '../../util/app-error.js';
import { cachedBody, sendJson, type CachedBody } from '../plugins/caching.js';
import { CatalogPage, CatalogQuery, DEFAULT_PAGE_SIZE } from '../schemas/catalog.js';
import { commonErrors } from '../schemas/common.js';
import { catalogItem } from '../views/catalog-item.js';

/**
 * The merged catalog for browsing (`GET /api/skills`), over the catalog query service: one item
 * per skill name, filtered, searched and paged.
 */
export const catalogRoutes: FastifyPluginAsyncTypebox<{ catalog: Catalog; query: CatalogQueryService }> = async (app, { catalog, query: skills }) => {
  const allowed = new Set(Object.keys(CatalogQuery.properties));
  const pages = new PageCache();

  app.get('/api/skills', {
    config: { access: { scope: 'skills:read' } },
    // Bodies are compressed once by sendJson, not again by the plugin.
    compress: false,
    schema: {
      tags: ['skills'],
      summary: 'Browse the merged skill catalog',
      description:
        'One item per skill name: the version a bare name resolves to among the versions the caller may see. ' +
        'Filters combine; with `q` items are ordered by relevance (an exact name match first), otherwise by name. ' +
        '`page`/`page_size` give offset paging; `cursor` (from `meta.next_cursor`) gives keyset paging that ' +
        'survives concurrent changes and takes precedence over `page`.',
      querystring: CatalogQuery,
      response: { 200: CatalogPage, ...commonErrors },
    },
    preValidation: async (request) => {
      // Said by name here: the generic validation message would not say which field is unknown.
      const unknown = Object.keys((request.query ?? {}) as object).filter((key) => !allowed.has(key));
      if (unknown.length > 0) {
        throw new AppError(400, 'invalid_request', `Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.map((key) => JSON.stringify(key)).join(', ')}`, {
          message: `Allowed: ${[...allowed].join(', ')}`,
        });
      }
    },
  }, async (request, reply) => {
    const query = request.query;
    const snapshot = catalog.snapshot();
    // When every skill is global, every reader gets the same page for the same query: serve a
    // repeated query of the same catalog and scan state from memory.
    const cacheKey = snapshot.hasRestricted ? undefined : `${skills.generation()}|${request.url.slice(request.url.indexOf('?') + 1)}`;
    const cached = cacheKey === undefined ? undefined : pages.get(cacheKey);
    if (cached) return sendJson(request, reply, cached);

    const page = skills.browse(request.principal, {
      q: query.q,
      category: query.category,
      source: query.source,
      tags: query.tags,
      visibility: query.visibility,
      scanStatus: query.scan_status,
      quarantine: query.quarantine,
      cursor: query.cursor,
      page: query.page,
      pageSize: query.page_size ?? DEFAULT_PAGE_SIZE,
    });
    const includeContent = query.include_content === true;
    const body = cachedBody({
      skills: page.items.map((entry) => catalogItem(page.snapshot, entry, page.visible, skills.decisionFor(entry), includeContent)),
      meta: {
        total: page.total,
        page: page.page,
        page_size: page.pageSize,
        has_more: page.hasMore,
        next_cursor: page.nextCursor,
        generation: page.snapshot.generation,
        sources_loaded: catalog.sourceStatus().map((status) => status.source),
        unavailable_sources: [] as string[],
        conflicts: page.conflicts,
      },
    });
    if (cacheKey !== undefined) pages.set(cacheKey, body);
    return sendJson(request, reply, body);
  });
};

/** Serialised pages of the current catalog generation; the oldest go first past the limit. */
class PageCache {
  private static readonly LIMIT = 256;
  private generation = '';
  private readonly pages = new Map<string, CachedBody>();

  get(key: string): CachedBody | undefined {
    return this.pages.get(key);
  }

  set(key: string, body: CachedBody): void {
    const generation = key.slice(0, key.indexOf('|'));
    if (generation !== this.generation) {
      this.pages.clear();
      this.generation = generation;
    }
    // A Map iterates in insertion order.
    if (this.pages.size >= PageCache.LIMIT) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, body);
  }
}
