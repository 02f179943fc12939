import type { ConfirmCheck, MatchContext } from './types.js';

/**
 * Cyrillic and Greek letters that render like Latin ones in common fonts. Letters that only look
 * alike in capitals or small caps (к, м, н, т, в) are left out: they do not fool a reader in
 * lower-case text.
 */
const LATIN_LOOKALIKES = new Set(
  [
    // Cyrillic lower case: а е о р с у х ѕ і ј ԁ ԛ ԝ ӏ һ ү
    0x0430, 0x0435, 0x043e, 0x0440, 0x0441, 0x0443, 0x0445, 0x0455, 0x0456, 0x0458, 0x0501, 0x051b, 0x051d, 0x04cf, 0x04bb, 0x04af,
    // Cyrillic capitals: А В Е К М Н О Р С Т Х У Ѕ І Ј Ԁ Ԛ Ԝ Ү
    0x0410, 0x0412, 0x0415, 0x041a, 0x041c, 0x041d, 0x041e, 0x0420, 0x0421, 0x0422, 0x0425, 0x0423, 0x0405, 0x0406, 0x0408, 0x0500, 0x051a,
    0x051c, 0x04ae,
    // Greek lower case: ο α ρ ν ι κ υ χ ε γ
    0x03bf, 0x03b1, 0x03c1, 0x03bd, 0x03b9, 0x03ba, 0x03c5, 0x03c7, 0x03b5, 0x03b3,
    // Greek capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
    0x0391, 0x0392, 0x0395, 0x0396, 0x0397, 0x0399, 0x039a, 0x039c, 0x039d, 0x039f, 0x03a1, 0x03a4, 0x03a5, 0x03a7,
  ],
);

/** Latin letters that render like Cyrillic ones: a c e o p x y and capitals A B C E H K M O P T X. */
const CYRILLIC_LOOKALIKES = new Set('aceopxyABCEHKMOPTX'.split('').map((c) => c.charCodeAt(0)));

type Script = 'latin' | 'cyrillic' | 'greek' | 'other';

function scriptOf(code: number): Script | null {
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7)) return 'latin';
  if (code >= 0x0400 && code <= 0x052f) return 'cyrillic';
  if (code >= 0x0370 && code <= 0x03ff) return 'greek';
  if ((code >= 48 && code <= 57) || code === 45 || code === 95) return 'other';
  return null;
}

const TOKEN_REACH = 100;

/** The word around [start, end): letters of any of the three scripts, digits, `-` and `_`. */
function tokenAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && start - from < TOKEN_REACH && scriptOf(text.charCodeAt(from - 1)) !== null) from--;
  let to = end;
  while (to < text.length && to - end < TOKEN_REACH && scriptOf(text.charCodeAt(to)) !== null) to++;
  return text.slice(from, to);
}

/**
 * A token mixes scripts as a disguise when the letters of the minority script are all look-alikes
 * of the majority script: `pаypal` (one Cyrillic а among Latin letters), or a Cyrillic word with
 * a Latin letter slipped in. Ordinary multilingual text ("Windowsом") keeps letters that look like
 * nothing in the other script.
 */
export function isDisguisedToken(token: string): boolean {
  let latin = 0;
  const foreign: number[] = [];
  const latinCodes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    const script = scriptOf(code);
    if (script === 'latin') {
      latin++;
      latinCodes.push(code);
    } else if (script === 'cyrillic' || script === 'greek') foreign.push(code);
  }
  if (latin === 0 || foreign.length === 0) return false;
  if (foreign.length <= latin) return foreign.every((code) => LATIN_LOOKALIKES.has(code));
  return latinCodes.every((code) => CYRILLIC_LOOKALIKES.has(code));
}

function disguisedWord(match: MatchContext): string | null {
  const token = tokenAround(match.file.text, match.start, match.end);
  return isDisguisedToken(token) ? token : null;
}

function describe(token: string): string {
  const foreign = [...token].filter((ch) => {
    const script = scriptOf(ch.charCodeAt(0));
    return script === 'cyrillic' || script === 'greek';
  });
  const points = foreign.map((ch) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  return `"${token}" mixes Latin with look-alike letters (${[...new Set(points)].join(', ')})`;
}

export const confusableWordInCode: ConfirmCheck = (match) => {
  if (!match.inCode()) return false;
  const token = disguisedWord(match);
  return token === null ? false : { message: `Command or code word ${describe(token)}` };
};

export const confusableWordInProse: ConfirmCheck = (match) => {
  if (match.inCode()) return false;
  const token = disguisedWord(match);
  return token === null ? false : { message: `Word ${describe(token)}` };
};

/** The host part of a URL, e-mail address or bare domain found by the rule's patterns. */
function hostOf(candidate: string): string {
  let host = candidate;
  const scheme = host.indexOf('://');
  if (scheme !== -1) host = host.slice(scheme + 3);
  const at = host.lastIndexOf('@');
  if (at !== -1) host = host.slice(at + 1);
  for (const stop of ['/', ':', '?', '#']) {
    const i = host.indexOf(stop);
    if (i !== -1) host = host.slice(0, i);
  }
  return host;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * A host label that mixes scripts, or that is written entirely in Cyrillic or Greek look-alikes of
 * Latin letters under an ASCII top-level domain (`аррӏе.com`). Genuine internationalised domains
 * (`пример.рф`) use letters with no Latin twin and are left alone.
 */
export const confusableHost: ConfirmCheck = (match) => {
  const host = hostOf(match.matched);
  const labels = host.split('.').filter(Boolean);
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1]!;
  for (const label of labels) {
    if (isDisguisedToken(label)) return { message: `Host "${host}" ${describe(label).slice(describe(label).indexOf('mixes'))}` };
    const allLookalike = !isAscii(label) && [...label].every((ch) => LATIN_LOOKALIKES.has(ch.charCodeAt(0)) || scriptOf(ch.charCodeAt(0)) === 'other');
    if (allLookalike && isAscii(tld)) return { message: `Host "${host}" is spelled with Cyrillic or Greek letters that imitate Latin ones` };
  }
  return false;
};
