import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';

/** How one part was written: what the manifest records of it. */
export interface WrittenPart {
  bytes: number;
  sha256: string;
}

/**
 * A gzip-compressed tar file written entry by entry. It is written beside its final name and
 * renamed into place by `finish`, so a failed export never leaves a file that looks complete.
 * The file is readable by its owner only: it holds key hashes, webhook secrets and audit history.
 */
export class ArchiveWriter {
  private readonly pack = tar.pack();
  private readonly done: Promise<void>;
  private readonly mtime = new Date();

  private constructor(
    private readonly file: string,
    private readonly partial: string,
  ) {
    this.done = pipeline(this.pack, createGzip(), createWriteStream(partial, { mode: 0o600 }));
    // Seen by finish() or abort(); never an unhandled rejection meanwhile.
    this.done.catch(() => {});
  }

  static create(file: string): ArchiveWriter {
    return new ArchiveWriter(file, `${file}.partial`);
  }

  /** Adds one entry; resolves once the archive took it, so a slow disk holds the reading back. */
  add(name: string, data: Buffer): Promise<WrittenPart> {
    return new Promise((resolve, reject) => {
      this.pack.entry({ name, size: data.length, mode: 0o600, mtime: this.mtime }, data, (err) => {
        if (err) reject(err);
        else resolve({ bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') });
      });
    });
  }

  async finish(): Promise<void> {
    this.pack.finalize();
    await this.done;
    await rename(this.partial, this.file);
  }

  async abort(): Promise<void> {
    this.pack.destroy();
    await this.done.catch(() => {});
    await rm(this.partial, { force: true });
  }
}

/** One entry of an archive being read; `stream` must be drained before the next is read. */
export interface ArchiveEntry {
  name: string;
  type: string;
  size: number;
  stream: AsyncIterable<Buffer>;
}

/** The entries of a gzip-compressed tar file, in order. Damage or truncation surfaces as a thrown error. */
export async function* readArchive(file: string): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  const feeding = pipeline(createReadStream(file), createGunzip(), extract);
  let failure: unknown;
  feeding.catch((err: unknown) => {
    failure = err;
  });
  try {
    for await (const entry of extract) {
      yield { name: entry.header.name, type: entry.header.type ?? 'file', size: entry.header.size ?? 0, stream: entry as AsyncIterable<Buffer> };
      entry.resume();
    }
    await feeding;
  } catch (err) {
    throw failure ?? err;
  } finally {
    extract.destroy();
  }
}
