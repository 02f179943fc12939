import { RE2JS } from 're2js';
import { fileTypeMatcher } from '../engine/file-types.js';
import type { ConfirmCheck } from './types.js';

/** Ways code or instructions send data off the machine. */
const NETWORK_SEND = RE2JS.compile(
  [
    String.raw`\b(?:requests|httpx|session|aiohttp|client)\.(?:post|put|patch)\s*\(`,
    String.raw`\bcurl\b[^\n]*(?:\s-d\b|--data|\s-F\b|--form|\s-T\b|--upload-file|-X\s*(?:POST|PUT))`,
    String.raw`\bwget\b[^\n]*--post-`,
    String.raw`\bfetch\s*\([^\n]*method\s*:\s*["'](?:POST|PUT)`,
    String.raw`\baxios\.(?:post|put)\s*\(`,
    String.raw`\burlopen\s*\([^\n]*data\s*=`,
    String.raw`\bhttps?\.request\s*\(`,
    String.raw`\bInvoke-(?:WebRequest|RestMethod)\b[^\n]*-Method\s+(?:Post|Put)`,
    String.raw`\b(?:nc|ncat|netcat)\s+(?:-\w+\s+)*[\w.-]+\s+\d{2,5}\b`,
    String.raw`\bscp\s+\S`,
    String.raw`\b(?:smtplib|sendmail)\b`,
    String.raw`\b(?:nslookup|dig|Resolve-DnsName)\b[^\n]*\$`,
    String.raw`\b(?:send|post|upload|submit|fetch|fetching|sync|forward)\b[^\n]*https?://`,
  ].join('|'),
  RE2JS.MULTILINE | RE2JS.CASE_INSENSITIVE,
);

const isScript = fileTypeMatcher(['@script']);
/** In markdown, the source and the send must be this close to count as one action. */
const NEARBY_LINES = 5;

/**
 * Confirms a credential or private-data source when data is also sent out: anywhere in the same
 * script, or within a few lines in documentation (where unrelated sections should not combine).
 */
export const sendsDataNearby: ConfirmCheck = (match) => {
  const text = match.file.text;
  if (isScript(match.file.path)) return NETWORK_SEND.test(text);
  const line = match.lines.lineOf(match.start);
  const from = match.lines.lineStart(Math.max(1, line - NEARBY_LINES));
  const to = match.lines.lineEnd(Math.min(match.lines.lineCount, line + NEARBY_LINES));
  return NETWORK_SEND.test(text.slice(from, to));
};
