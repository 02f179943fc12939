import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.js';

/**
 * Upload slots for publishing over the ClawHub API: a client asks for a slot per file (declaring
 * path, size and digest), sends the bytes to it, then publishes the skill naming its slots. The
 * bytes wait here, not in a node's memory, so the upload and the publish may reach different
 * nodes. Slots expire; a publish uses them up.
 */
export const publishUploadsMigration = (_dialect: Dialect): Migration => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('publish_uploads')
      .addColumn('ticket', 'text', (c) => c.primaryKey())
      .addColumn('storage_id', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text')
      // base64 of the uploaded bytes; null until they arrive.
      .addColumn('content', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('uploaded_at', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('publish_uploads_user').on('publish_uploads').columns(['user_id', 'expires_at']).execute();
    await db.schema.createIndex('publish_uploads_expires').on('publish_uploads').columns(['expires_at']).execute();
  },
  down: async (db: Kysely<unknown>) => {
    await db.schema.dropTable('publish_uploads').execute();
  },
});
