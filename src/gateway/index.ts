/**
 * Distribution to agents: the artifacts of a skill version (files, digests, reproducible
 * bundles), the discovery indexes, share links, the bootstrap page and the installer script.
 */
export { Artifacts, MAX_BYTES_SETTING, type ArtifactFile, type ArtifactKind, type ArtifactsOptions, type Bundle } from './artifacts.js';
export { BUNDLE_FORMATS, BUNDLE_MIME, buildTarGz, buildZip, digestOf, modeFor, type BundleFormat, type BundleInput } from './bundle.js';
export { mimeTypeOf } from './mime.js';
export { safeRelativePath } from './paths.js';
export { everything, shareAudience, type Audience } from './audience.js';
export { DISCOVERY_SCHEMA, DiscoveryService, refusal, type AgentSkillsEntry, type EncodedBody, type InstallSet, type LegacyEntry, type SkippedSkill } from './discovery.js';
export { AGENTS, SCOPES, type AgentTarget, type InstallScope } from './agents.js';
export { bootstrapFor, bootstrapMarkdown, type Bootstrap, type BootstrapInput } from './bootstrap.js';
export { InstallScript, agentFunctions, shellPath } from './install-script.js';
