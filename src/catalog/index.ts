export { Catalog, type CatalogChange } from './catalog.js';
export { CatalogSnapshot } from './snapshot.js';
export * from './types.js';
