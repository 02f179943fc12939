export { exportBackup, type BackupProgress, type ExportOptions } from './export.js';
export { restoreBackup, verifyBackup, type RestoreOptions, type RestoreResult } from './restore.js';
export { BackupError } from './errors.js';
export { BACKED_UP, NOT_BACKED_UP } from './tables.js';
export type { BackupManifest } from './manifest.js';
