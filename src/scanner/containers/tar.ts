import { Gunzip } from 'fflate';
import { charge, NotOpened, type ContainerBudget, type Member } from './types.js';

const BLOCK = 512;
const decoder = new TextDecoder('utf-8');

/**
 * Decompresses a gzip stream in memory, stopping as soon as the output passes `limit` bytes: a
 * gzip bomb costs at most the limit. (fflate's stream classes are synchronous.)
 */
export function gunzipBounded(bytes: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream = new Gunzip((chunk) => {
    size += chunk.byteLength;
    if (size > limit) throw new NotOpened(`it decompresses to more than ${limit} bytes`);
    chunks.push(chunk);
  });
  try {
    stream.push(bytes, true);
  } catch (err) {
    if (err instanceof NotOpened) throw err;
    throw new NotOpened(`the gzip stream could not be read (${err instanceof Error ? err.message : 'unreadable'})`);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function field(block: Uint8Array, from: number, length: number): string {
  const end = block.indexOf(0, from);
  return decoder.decode(block.subarray(from, end === -1 || end > from + length ? from + length : end));
}

function octal(block: Uint8Array, from: number, length: number): number {
  const text = field(block, from, length).trim();
  for (const c of text) if (c < '0' || c > '7') throw new NotOpened('a tar header is damaged');
  return text === '' ? 0 : parseInt(text, 8);
}

/**
 * The regular files of a tar stream (POSIX ustar, GNU long names, pax path records). Links,
 * devices and folders are skipped: nothing is written anywhere, so they mean nothing here.
 */
export function readTar(bytes: Uint8Array, budget: ContainerBudget): Member[] {
  const members: Member[] = [];
  let offset = 0;
  let longName: string | null = null;
  while (offset + BLOCK <= bytes.byteLength) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156]!);
    const prefix = field(header, 345, 155);
    const base = field(header, 0, 100);
    const name = longName ?? (prefix ? `${prefix}/${base}` : base);
    longName = null;
    const start = offset + BLOCK;
    if (start + size > bytes.byteLength) throw new NotOpened(`${name} runs past the end of the archive`);
    const body = bytes.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = field(body, 0, body.byteLength);
      continue;
    }
    if (type === 'x') {
      // Pax records are `<length> <key>=<value>\n`; only the path matters here.
      for (const record of decoder.decode(body.subarray(0, Math.min(body.byteLength, 64 * 1024))).split('\n')) {
        const at = record.indexOf(' path=');
        if (at !== -1) longName = record.slice(at + 6);
      }
      continue;
    }
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    if (members.length >= budget.maxMembers) throw new NotOpened(`it holds more than ${budget.maxMembers} files`);
    charge(budget, size, name);
    members.push({ name: name.replace(/^\.\//, ''), content: body });
  }
  return members;
}
