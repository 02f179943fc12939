import { fileTypeMatcher } from '../engine/file-types.js';
import type { ConfirmCheck } from './types.js';

/**
 * Translation catalogues: where right-to-left strings live. Bidi isolates (U+2066–U+2069) are how
 * such strings keep a placeholder ("{name}") or a number in its place inside Arabic or Hebrew text,
 * the use the Unicode standard recommends; in code or instructions they only reorder what a
 * reviewer sees.
 */
const isTranslation = fileTypeMatcher([
  'locales/**', 'locale/**', 'i18n/**', 'l10n/**', 'translations/**', 'lang/**', 'messages/**',
  '*.po', '*.pot', '*.strings', '*.stringsdict', '*.arb', '*.xliff', '*.xlf', '*.resx', '*.ftl', '*.properties',
]);

const isIsolate = (unit: number) => unit >= 0x2066 && unit <= 0x2069;

/** Drops isolates in translation catalogues; overrides and embeddings (U+202A–U+202E) are reported everywhere. */
export const bidiOutsideTranslations: ConfirmCheck = (match) => !(isIsolate(match.matched.charCodeAt(0)) && isTranslation(match.file.path));
