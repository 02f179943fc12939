import type { Migration } from 'kysely';
import type { Dialect } from '../connect.js';
import { identityMigration } from './0001-identity.js';
import { skillConfigsMigration } from './0002-skill-configs.js';
import { webhooksMigration } from './0003-webhooks.js';
import { scanningMigration } from './0004-scanning.js';
import { tasksMigration } from './0005-tasks.js';
import { sharesMigration } from './0006-shares.js';
import { clusterMigration } from './0008-cluster.js';
import { gitImportsMigration } from './0007-git-imports.js';
import { publishUploadsMigration } from './0009-publish-uploads.js';

/** Every migration this version of Skillport knows, in order. Names sort in the order they run. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-identity': identityMigration(dialect),
    '0002-skill-configs': skillConfigsMigration(dialect),
    '0003-webhooks': webhooksMigration(dialect),
    '0004-scanning': scanningMigration(dialect),
    '0005-tasks': tasksMigration(dialect),
    '0006-shares': sharesMigration(dialect),
    '0007-git-imports': gitImportsMigration(dialect),
    '0008-cluster': clusterMigration(dialect),
    '0009-publish-uploads': publishUploadsMigration(dialect),
  };
}
