import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import tar from 'tar-stream';

/** One file as an archive holds it: a safe relative path, its bytes and its mode. */
export interface BundleInput {
  path: string;
  bytes: Uint8Array;
  mode: 0o644 | 0o755;
}

export type BundleFormat = 'tar.gz' | 'zip';

export const BUNDLE_FORMATS: readonly BundleFormat[] = ['tar.gz', 'zip'];

export const BUNDLE_MIME: Record<BundleFormat, string> = {
  'tar.gz': 'application/gzip',
  zip: 'application/zip',
};

/** `sha256:<hex>` of exact bytes: what indexes publish and ETags carry. */
export function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Scripts are executable, everything else is not. Decided from the content (a `#!` line), never
 * from the disk, so a bundle does not change with a checkout's file modes.
 */
export function modeFor(bytes: Uint8Array): 0o644 | 0o755 {
  return bytes.length >= 2 && bytes[0] === 0x23 && bytes[1] === 0x21 ? 0o755 : 0o644;
}

/**
 * Archive order: SKILL.md first, then every other path by code unit. Callers pass paths already
 * checked by `safeRelativePath`.
 */
export function archiveOrder(files: readonly BundleInput[]): BundleInput[] {
  return [...files].sort((a, b) => {
    if (a.path === 'SKILL.md') return b.path === 'SKILL.md' ? 0 : -1;
    if (b.path === 'SKILL.md') return 1;
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  });
}

/** The Unix epoch: every tar entry's time. */
const TAR_MTIME = new Date(0);

/**
 * A byte-for-byte reproducible `.tar.gz`: regular files only (no directories, links or owner
 * names), uid/gid 0, mtime 0, modes 0644/0755, sorted, and a gzip header with no time or name.
 * With a `folder`, every entry is under `folder/` (install.sh unpacks many such bundles with one
 * `tar`, each into its own skill folder); without, SKILL.md is at the root.
 */
export async function buildTarGz(files: readonly BundleInput[], folder?: string): Promise<Buffer> {
  const prefix = folder === undefined ? '' : `${folder}/`;
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (chunk) => chunks.push(chunk as Buffer));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const file of archiveOrder(files)) {
    pack.entry({ name: prefix + file.path, size: file.bytes.byteLength, mode: file.mode, mtime: TAR_MTIME, uid: 0, gid: 0, uname: '', gname: '', type: 'file' }, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
  }
  pack.finalize();
  await done;
  const gz = gzipSync(Buffer.concat(chunks), { level: 9 });
  // RFC 1952 header: MTIME (bytes 4-7) zero and OS (byte 9) Unix, whatever the platform says.
  gz.writeUInt32LE(0, 4);
  gz[9] = 3;
  return gz;
}

/** A byte-for-byte reproducible `.zip`: fixed times, Unix modes, sorted entries, deflate level 9. */
export function buildZip(files: readonly BundleInput[]): Buffer {
  // fflate writes DOS time from local-time fields, so the time is built from local fields at each
  // call (the zone may have changed): the bytes are the same in every zone. 1980-01-01 is the
  // earliest a zip can say; noon keeps clear of any zone's midnight change.
  const ZIP_MTIME = new Date(1980, 0, 1, 12, 0, 0);
  const entries: Zippable = {};
  for (const file of archiveOrder(files)) {
    entries[file.path] = [file.bytes, { level: 9, mtime: ZIP_MTIME, os: 3, attrs: ((0o100000 | file.mode) << 16) >>> 0 }];
  }
  const zipped = zipSync(entries);
  return Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
}
