import { confusableHost, confusableWordInCode, confusableWordInProse } from './confusables.js';
import { decodesToFinding, looksEncoded, packerSignature, variedCharacters } from './encoded.js';
import { sendsDataNearby } from './exfiltration.js';
import { scriptFlow } from '../flow/check.js';
import { CONTENT_AFTER_BLANK_RUN } from './blank-runs.js';
import { COMPILED_PYTHON, COMPILED_PYTHON_SENDS_SECRETS, CONTAINER_HIDDEN_CONTENT, CONTAINER_OPENED } from './containers.js';
import { ARCHIVE_FILE, EXECUTABLE_FILE } from './files.js';
import {
  DANGEROUS_UNDESCRIBED,
  IMPERSONATING_NAME,
  INFLATED_VERSION,
  MANIFEST_UNREADABLE,
  SUSPICIOUS_FIELD,
  UNRESTRICTED_SHELL,
  VENDOR_BRAND_NAME,
  WILDCARD_TOOLS,
} from './manifest.js';
import { KNOWN_TYPOSQUAT, NEAR_POPULAR_PACKAGE } from './packages.js';
import { looksRandom, privateKeyHasBody } from './secrets.js';
import { NETWORK_NOT_DECLARED, NOT_MARKED_DANGEROUS, SHELL_NOT_DECLARED, TOOL_NOT_DECLARED } from './tools.js';
import { OUTSIDE_CHAT_FORMAT_WORK } from './purpose.js';
import { bidiOutsideTranslations } from './translations.js';
import type { CheckDefinition } from './types.js';

/** Every check a rule can name in its `check` field. */
export const CHECKS: Record<string, CheckDefinition> = {
  'private-key-has-body': { confirm: privateKeyHasBody },
  'looks-random': { confirm: looksRandom },
  'decodes-to-finding': { confirm: decodesToFinding },
  'looks-encoded': { confirm: looksEncoded },
  'varied-characters': { confirm: variedCharacters },
  'packer-signature': { confirm: packerSignature },
  'confusable-host': { confirm: confusableHost },
  'bidi-outside-translations': { confirm: bidiOutsideTranslations },
  'outside-chat-format-work': OUTSIDE_CHAT_FORMAT_WORK,
  'confusable-word-in-code': { confirm: confusableWordInCode },
  'confusable-word-in-prose': { confirm: confusableWordInProse },
  'known-typosquat': KNOWN_TYPOSQUAT,
  'near-popular-package': NEAR_POPULAR_PACKAGE,
  'shell-not-declared': SHELL_NOT_DECLARED,
  'network-not-declared': NETWORK_NOT_DECLARED,
  'not-marked-dangerous': NOT_MARKED_DANGEROUS,
  'tool-not-declared': TOOL_NOT_DECLARED,
  'sends-data-nearby': { confirm: sendsDataNearby },
  'inflated-version': INFLATED_VERSION,
  'archive-file': ARCHIVE_FILE,
  'executable-file': EXECUTABLE_FILE,
  'container-opened': CONTAINER_OPENED,
  'content-after-blank-run': CONTENT_AFTER_BLANK_RUN,
  'container-hidden-content': CONTAINER_HIDDEN_CONTENT,
  'compiled-python': COMPILED_PYTHON,
  'compiled-python-sends-secrets': COMPILED_PYTHON_SENDS_SECRETS,
  'impersonating-name': IMPERSONATING_NAME,
  'vendor-brand-name': VENDOR_BRAND_NAME,
  'wildcard-tools': WILDCARD_TOOLS,
  'unrestricted-shell': UNRESTRICTED_SHELL,
  'dangerous-undescribed': DANGEROUS_UNDESCRIBED,
  'suspicious-field': SUSPICIOUS_FIELD,
  'manifest-unreadable': MANIFEST_UNREADABLE,
  'script-flow': { skill: scriptFlow },
};
