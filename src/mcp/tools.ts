import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { SkillEntry } from '../catalog/index.js';
import { callerOf } from './caller.js';
import { toolError } from './errors.js';
import type { McpCatalog } from './reader.js';
import { checkFilePath, checkSkillRef, skillUri } from './uris.js';

const skillRef = z
  .string()
  .min(1)
  .max(300)
  .describe('A skill name (the version it resolves to: the highest enabled one) or name@version')
  .superRefine((value, ctx) => {
    const problem = checkSkillRef(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const category = z.string().min(1).max(200).describe('Only skills in this category');

const SkillSummary = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string(),
  category: z.string(),
  uri: z.string().describe('skill:// URI of its SKILL.md, readable as a resource'),
});

const FileInfo = z.object({
  path: z.string(),
  size: z.number().int(),
  digest: z.string().describe('sha256:<hex> of the raw bytes'),
  mime_type: z.string(),
  uri: z.string(),
});

const SkillDetail = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string(),
  category: z.string(),
  frontmatter: z.record(z.string(), z.unknown()).describe('Every frontmatter field as written'),
  body: z.string().describe('The instructions: SKILL.md without its frontmatter'),
  digest: z.string().describe('sha256:<hex> of SKILL.md as stored'),
  uri: z.string(),
  files: z.array(FileInfo).describe('SKILL.md first, then every file beside it'),
});

const FileContent = z.object({
  name: z.string(),
  version: z.string(),
  path: z.string(),
  mime_type: z.string(),
  size: z.number().int(),
  digest: z.string(),
  text: z.string().optional().describe('The content, for text files'),
  base64: z.string().optional().describe('The content base64-encoded, for binary files'),
});

const summary = (entry: SkillEntry): z.infer<typeof SkillSummary> => ({
  name: entry.name,
  version: entry.version,
  description: entry.manifest.description,
  category: entry.manifest.category,
  uri: skillUri(entry.name, 'SKILL.md'),
});

const result = (structured: Record<string, unknown>, text: string): CallToolResult => ({
  content: [{ type: 'text', text }],
  structuredContent: structured,
});

const listing = (entries: SkillEntry[]) =>
  entries.length === 0 ? 'No skills.' : entries.map((entry) => `- ${entry.name}@${entry.version}: ${entry.manifest.description}`).join('\n');

/** The four tools: find, list, load and read skills, each answered for the caller who asks. */
export function registerTools(server: McpServer, catalog: McpCatalog): void {
  server.registerTool(
    'search_skills',
    {
      title: 'Search skills',
      description: 'Find skills by keywords, ranked by relevance (an exact name first). Returns name, version, description and the skill:// URI of each.',
      inputSchema: { query: z.string().min(1).max(500).describe('Keywords'), category: category.optional(), limit: z.number().int().min(1).max(50).default(10).describe('At most this many (1-50, default 10)') },
      outputSchema: { skills: z.array(SkillSummary), total: z.number().int().describe('How many matched in all') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ query, category: cat, limit }, extra) => {
      const found = catalog.search(callerOf(extra), query, { category: cat, limit });
      const skills = found.entries.map(summary);
      return result({ skills, total: found.total }, `${found.total} skill(s) match${found.total > skills.length ? `; the best ${skills.length}` : ''}:\n${listing(found.entries)}`);
    },
  );

  server.registerTool(
    'list_skills',
    {
      title: 'List skills',
      description: 'Every skill you may use, by name, a page at a time. Pass next_cursor back as cursor for the next page.',
      inputSchema: { cursor: z.string().min(1).max(4096).optional().describe('next_cursor of the previous page'), category: category.optional() },
      outputSchema: { skills: z.array(SkillSummary), next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ cursor, category: cat }, extra) => {
      let page;
      try {
        page = catalog.page(callerOf(extra), { cursor, category: cat });
      } catch (err) {
        toolError(err);
      }
      const skills = page.entries.map(summary);
      return result({ skills, next_cursor: page.nextCursor }, `${listing(page.entries)}${page.nextCursor ? `\n\nMore: call list_skills with cursor ${page.nextCursor}` : ''}`);
    },
  );

  server.registerTool(
    'get_skill',
    {
      title: 'Get a skill',
      description: 'Load one skill: its instructions (body), frontmatter, version, digest and the list of its files. Use name or name@version.',
      inputSchema: { name: skillRef },
      outputSchema: SkillDetail.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ name }, extra) => {
      let entry: SkillEntry;
      let files;
      try {
        entry = catalog.resolve(callerOf(extra), name);
        files = await catalog.content.files(entry);
      } catch (err) {
        toolError(err, name);
      }
      const detail: z.infer<typeof SkillDetail> = {
        ...summary(entry),
        frontmatter: entry.manifest.frontmatter,
        body: entry.body,
        digest: entry.contentHash,
        files: files.map((file) => ({ path: file.path, size: file.size, digest: file.digest, mime_type: file.mimeType, uri: skillUri(entry.name, file.path, entry.version) })),
      };
      const others = files.length > 1 ? `\n\n---\nFiles (read with read_skill_file): ${files.slice(1).map((file) => file.path).join(', ')}` : '';
      return result(detail, `# ${entry.name}@${entry.version}\n\n${entry.body}${others}`);
    },
  );

  server.registerTool(
    'read_skill_file',
    {
      title: 'Read a file of a skill',
      description: "Read one file of a skill (SKILL.md, or a path from get_skill's file list such as references/guide.md).",
      inputSchema: {
        name: skillRef,
        path: z
          .string()
          .min(1)
          .max(1024)
          .describe('Path inside the skill folder')
          .superRefine((value, ctx) => {
            const problem = checkFilePath(value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
      },
      outputSchema: FileContent.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ name, path }, extra) => {
      let entry: SkillEntry;
      let file;
      try {
        entry = catalog.resolve(callerOf(extra), name);
        file = await catalog.content.read(entry, path);
      } catch (err) {
        toolError(err, name);
      }
      const base = { name: entry.name, version: entry.version, path: file.path, mime_type: file.mimeType, size: file.size, digest: file.digest };
      const text = textOf(file);
      if (text !== undefined) return result({ ...base, text }, text);
      const base64 = Buffer.from(file.bytes).toString('base64');
      return {
        content: [{ type: 'resource', resource: { uri: skillUri(entry.name, file.path, entry.version), mimeType: file.mimeType, blob: base64 } }],
        structuredContent: { ...base, base64 },
      };
    },
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are text: a text type, or (a file of unknown type) valid UTF-8 without NULs. */
export function textOf(file: { text: boolean; mimeType: string; bytes: Uint8Array }): string | undefined {
  if (!file.text && file.mimeType !== 'application/octet-stream') return undefined;
  try {
    const text = utf8.decode(file.bytes);
    return file.text || !text.includes('\0') ? text : undefined;
  } catch {
    return undefined;
  }
}
