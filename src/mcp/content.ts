import type { SkillEntry } from '../catalog/index.js';
import type { Artifacts } from '../gateway/index.js';
import { AppError } from '../util/app-error.js';

/** One file of a skill as MCP announces it: `SKILL.md` first, then the files beside it. */
export interface SkillFileInfo {
  path: string;
  size: number;
  /** `sha256:<hex>` of the raw bytes. */
  digest: string;
  /** Without parameters (`text/markdown`, not `text/markdown; charset=utf-8`), as MCP resources carry it. */
  mimeType: string;
  /** Whether the bytes are UTF-8 text, served as `text` rather than a base64 `blob`. */
  text: boolean;
}

export interface SkillFileContent extends SkillFileInfo {
  bytes: Uint8Array;
}

/** Where MCP gets a skill's file list and bytes from. */
export interface SkillContent {
  /** Every file of the version, `SKILL.md` first, with sizes and digests. */
  files(entry: SkillEntry): Promise<SkillFileInfo[]>;
  /** The bytes of one file; a 404 AppError naming the files there are when the version has no such file. */
  read(entry: SkillEntry, path: string): Promise<SkillFileContent>;
}

/** The gateway's artifacts: the same bytes, digests and MIME types every other channel serves. */
export function artifactContent(artifacts: Artifacts): SkillContent {
  const info = (file: { path: string; size: number; digest: string; mime: string }): SkillFileInfo => ({
    path: file.path,
    size: file.size,
    digest: file.digest,
    mimeType: file.mime.split(';')[0]!.trim(),
    text: /charset=utf-8/i.test(file.mime) || file.mime.startsWith('image/svg'),
  });
  return {
    async files(entry) {
      return (await artifacts.files(entry)).map(info);
    },
    async read(entry, path) {
      try {
        const file = await artifacts.file(entry, path);
        return { ...info(file), bytes: file.bytes };
      } catch (err) {
        if (err instanceof AppError && err.code === 'file_not_found') {
          const known = artifacts.listedPaths(entry);
          throw new AppError(404, 'file_not_found', err.message, { message: `Its files: ${known.slice(0, 50).join(', ')}${known.length > 50 ? ', ...' : ''}` });
        }
        throw err;
      }
    },
  };
}
