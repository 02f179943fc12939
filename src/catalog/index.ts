export { Catalog, type CatalogChange } from './catalog.js';
export { CatalogSnapshot } from './snapshot.js';
export * from './types.js';
export { CatalogEventLog, type CatalogEvent, type CatalogEventType } from './events.js';
