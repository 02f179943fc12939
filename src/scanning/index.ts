export { BackgroundScanner, type BackgroundProgress } from './background.js';
export { decide, quarantinedError, type QuarantineDecision, type ScanStatus } from './decision.js';
export { entryDigest, entryId } from './digest.js';
export { ScanJobService, type CreateScanJob } from './jobs.js';
export { DEFAULT_POLICY, type EffectivePolicy, type QuarantinePolicy } from './policy.js';
export { QuarantineService, type OverrideInput } from './quarantine-service.js';
export { ScanService, type ConfigScan } from './scan-service.js';
export { ScanState } from './scan-state.js';
