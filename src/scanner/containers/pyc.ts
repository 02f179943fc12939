/**
 * Compiled Python (`.pyc`): a 16-byte header (8 or 12 in old versions), then a `marshal` stream
 * of code objects. The layout of a code object changes between Python versions, but the strings
 * in it (constants, names, file names, docstrings) are framed the same way in every version: a
 * type byte (`s`, `t`, `u`, `a`, `A` with a 4-byte length; `z`, `Z` with a 1-byte length,
 * optionally with the 0x80 reference flag) then the bytes. Those strings are what a reviewer of
 * the missing source would need: hosts, paths, module and function names, shell commands.
 */

const LONG_STRING = new Set([0x73, 0x74, 0x75, 0x61, 0x41]); // s t u a A
const SHORT_STRING = new Set([0x7a, 0x5a]); // z Z
const MIN_LENGTH = 3;
const MAX_STRING = 64 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: true });

export function isCompiledPython(path: string, bytes: Uint8Array): boolean {
  const lower = path.toLowerCase();
  return (lower.endsWith('.pyc') || lower.endsWith('.pyo')) && bytes.byteLength >= 16 && bytes[2] === 0x0d && bytes[3] === 0x0a;
}

function printable(text: string): boolean {
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) return false;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
  }
  return letters > 0;
}

/**
 * The strings of the marshal stream, in order, one per line (line breaks inside a string kept).
 * A false start (a byte that looks like a type code) costs a decode; the total decoded is capped
 * at a few times the file's size, so hostile bytes cannot make this quadratic. `complete` is false
 * when the cap was reached.
 */
export function pycStrings(bytes: Uint8Array): { text: string; complete: boolean } {
  const out: string[] = [];
  let work = 0;
  const maxWork = 4 * bytes.byteLength + 1024 * 1024;
  let i = 8;
  while (i < bytes.byteLength) {
    const type = bytes[i]! & 0x7f;
    let length = -1;
    let start = 0;
    if (SHORT_STRING.has(type) && i + 1 < bytes.byteLength) {
      length = bytes[i + 1]!;
      start = i + 2;
    } else if (LONG_STRING.has(type) && i + 4 < bytes.byteLength) {
      length = bytes[i + 1]! | (bytes[i + 2]! << 8) | (bytes[i + 3]! << 16) | (bytes[i + 4]! << 24);
      start = i + 5;
    }
    if (length >= MIN_LENGTH && length <= MAX_STRING && start + length <= bytes.byteLength) {
      work += length;
      if (work > maxWork) return { text: out.join('\n'), complete: false };
      let text: string | null = null;
      try {
        text = decoder.decode(bytes.subarray(start, start + length));
      } catch {
        text = null;
      }
      if (text !== null && printable(text)) {
        out.push(text);
        i = start + length;
        continue;
      }
    }
    i++;
  }
  return { text: out.join('\n'), complete: true };
}
