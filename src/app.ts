import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Catalog } from './catalog/index.js';
import { PACKAGE_ROOT, type Config } from './config.js';
import { buildServer } from './http/server.js';
import { FilesystemSource, type SkillSource } from './sources/index.js';
import { createLogger, type Logger } from './util/logger.js';

export interface Skillport {
  config: Config;
  catalog: Catalog;
  sources: SkillSource[];
  server: FastifyInstance;
  logger: Logger;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface CreateOptions {
  logger?: Logger;
}

/**
 * Wires the parts together: sources feed the catalog, the HTTP server reads it. Sources finish
 * their first load before this resolves, so a server that is listening already has its skills.
 */
export async function createSkillport(config: Config, options: CreateOptions = {}): Promise<Skillport> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  await mkdir(config.dataDir, { recursive: true });

  const catalog = new Catalog();
  const sources: SkillSource[] = [
    new FilesystemSource({ dirs: config.skillsPaths, watch: config.watch, limits: { maxFileBytes: config.maxSkillBytes }, logger }),
  ];
  let ready = false;
  let closing = false;
  const server = await buildServer({
    catalog,
    logger,
    version: await packageVersion(),
    readiness: { ready: () => ready && !closing },
  });

  const started = Date.now();
  await Promise.all(sources.map((source) => source.start((state) => catalog.update(source.key, state))));
  ready = true;
  const snapshot = catalog.snapshot();
  logger.info({ skills: snapshot.size, errors: snapshot.errors.length, ms: Date.now() - started, dirs: config.skillsPaths }, 'catalog loaded');

  return {
    config,
    catalog,
    sources,
    server,
    logger,
    async listen() {
      return server.listen({ host: config.host, port: config.port });
    },
    async close() {
      closing = true;
      await server.close();
      await Promise.all(sources.map((source) => source.stop()));
    },
  };
}

let cachedVersion: string | undefined;
export async function packageVersion(): Promise<string> {
  cachedVersion ??= (JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return cachedVersion;
}
