import type { ScanFile } from '../types.js';
import type { SkillFileView } from './types.js';

interface Magic {
  kind: 'archive' | 'executable' | 'media';
  format: string;
  offset: number;
  bytes: number[];
}

/** Magic numbers of files that are not read as text. */
const MAGICS: Magic[] = [
  { kind: 'archive', format: 'zip', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'archive', format: 'zip', offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06] },
  { kind: 'archive', format: 'zip', offset: 0, bytes: [0x50, 0x4b, 0x07, 0x08] },
  { kind: 'archive', format: 'gzip', offset: 0, bytes: [0x1f, 0x8b] },
  { kind: 'archive', format: '7z', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { kind: 'archive', format: 'rar', offset: 0, bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { kind: 'archive', format: 'bzip2', offset: 0, bytes: [0x42, 0x5a, 0x68] },
  { kind: 'archive', format: 'xz', offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { kind: 'archive', format: 'zstd', offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { kind: 'archive', format: 'tar', offset: 257, bytes: [0x75, 0x73, 0x74, 0x61, 0x72] },
  { kind: 'executable', format: 'ELF executable', offset: 0, bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { kind: 'executable', format: 'Mach-O executable', offset: 0, bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { kind: 'executable', format: 'Mach-O executable', offset: 0, bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { kind: 'executable', format: 'Mach-O executable', offset: 0, bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { kind: 'executable', format: 'Mach-O executable', offset: 0, bytes: [0xfe, 0xed, 0xfa, 0xce] },
  { kind: 'executable', format: 'Mach-O universal binary or Java class', offset: 0, bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { kind: 'executable', format: 'WebAssembly module', offset: 0, bytes: [0x00, 0x61, 0x73, 0x6d] },
  { kind: 'media', format: 'PNG image', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47] },
  { kind: 'media', format: 'JPEG image', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { kind: 'media', format: 'GIF image', offset: 0, bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: 'media', format: 'WebP image', offset: 8, bytes: [0x57, 0x45, 0x42, 0x50] },
  { kind: 'media', format: 'PDF document', offset: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: 'media', format: 'ICO image', offset: 0, bytes: [0x00, 0x00, 0x01, 0x00] },
  { kind: 'media', format: 'WOFF font', offset: 0, bytes: [0x77, 0x4f, 0x46, 0x46] },
  { kind: 'media', format: 'WOFF2 font', offset: 0, bytes: [0x77, 0x4f, 0x46, 0x32] },
  { kind: 'media', format: 'TrueType font', offset: 0, bytes: [0x00, 0x01, 0x00, 0x00, 0x00] },
  { kind: 'media', format: 'OpenType font', offset: 0, bytes: [0x4f, 0x54, 0x54, 0x4f] },
  { kind: 'media', format: 'MP3 audio', offset: 0, bytes: [0x49, 0x44, 0x33] },
  { kind: 'media', format: 'MP4 media', offset: 4, bytes: [0x66, 0x74, 0x79, 0x70] },
  { kind: 'media', format: 'SQLite database', offset: 0, bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66] },
];

/** PE executables start with `MZ`; a text file might too, so a NUL byte nearby is also required. */
function isPortableExecutable(head: ArrayLike<number>): boolean {
  if (head.length < 64 || head[0] !== 0x4d || head[1] !== 0x5a) return false;
  for (let i = 2; i < 64; i++) if (head[i] === 0) return true;
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const HEAD_BYTES = 512;

/** The first bytes of the content; for a string, its first characters when they all fit in a byte. */
function headOf(content: string | Uint8Array): ArrayLike<number> | null {
  if (typeof content !== 'string') return content.subarray(0, HEAD_BYTES);
  const head: number[] = [];
  for (let i = 0; i < Math.min(content.length, HEAD_BYTES); i++) {
    const code = content.charCodeAt(i);
    if (code > 255) return head.length >= 8 ? head : null;
    head.push(code);
  }
  return head;
}

function identify(head: ArrayLike<number>): Omit<Magic, 'offset' | 'bytes'> | null {
  for (const magic of MAGICS) {
    if (head.length < magic.offset + magic.bytes.length) continue;
    if (magic.bytes.every((b, i) => head[magic.offset + i] === b)) return { kind: magic.kind, format: magic.format };
  }
  return isPortableExecutable(head) ? { kind: 'executable', format: 'Windows PE executable' } : null;
}

/**
 * How the scanner reads one file: archives, executables and media are recognised by their magic
 * bytes and not read as text; everything else is decoded as UTF-8, with replacement characters
 * (and a note) where it is not valid UTF-8.
 */
export function readScanFile(file: ScanFile, bytes: number, notes: string[]): SkillFileView {
  const head = headOf(file.content);
  const known = head ? identify(head) : null;
  if (known) {
    if (known.kind === 'media') notes.push(`${file.path}: ${known.format}, not scanned`);
    return { kind: known.kind, path: file.path, format: known.format, bytes };
  }
  if (typeof file.content === 'string') return { kind: 'text', path: file.path, text: file.content, bytes };
  let text: string;
  try {
    text = strictUtf8.decode(file.content);
  } catch {
    text = lenientUtf8.decode(file.content);
    notes.push(`${file.path}: not valid UTF-8; scanned with replacement characters`);
  }
  if (text.includes('\u0000')) notes.push(`${file.path}: contains NUL bytes (binary data); scanned as text`);
  return { kind: 'text', path: file.path, text, bytes };
}

/** Size in bytes without encoding the whole string when it is obviously over `limit`. */
export function byteSize(content: string | Uint8Array, limit: number): number {
  if (typeof content !== 'string') return content.byteLength;
  // Every UTF-16 unit is at least one UTF-8 byte, so a string longer than the limit is over it.
  if (content.length > limit) return content.length;
  return Buffer.byteLength(content, 'utf8');
}
