/**
 * The ClawHub-compatible registry API: the catalog as the `clawhub` CLI reads it (search, list,
 * skills, versions, zips, fingerprint resolution) and publishing into stored skills (upload slots,
 * then a publish; or one multipart request).
 */
export { ClawHubCatalog, type Caller, type SkillLookup } from './catalog.js';
export { PublishService, type InlineFile, type PublishMeta, type PublishResult, type UploadedFileRef } from './publish.js';
export { UploadSlots, type UploadRequest } from './uploads.js';
export { readPublishForm } from './multipart.js';
export { whoami } from './whoami.js';
export { skillFingerprint } from './fingerprint.js';
export { MAX_UPLOAD_BYTES, PUBLISH_LIMITS } from './limits.js';
export { ownerOf, type SkillOwner } from './owners.js';

/** The CLI version the API is tested with; older ones may lack the endpoints it serves. */
export const CLAWHUB_CLI_VERSION = '0.23.3';
/** Announced in /.well-known/clawhub.json: the oldest CLI with the current publish flow. */
export const MIN_CLI_VERSION = '0.23.0';
