import { RULE_PACK, RULE_PACK_VERSION, type RuleSpec } from './rules/index.js';
import type { Finding, ScanResult, Severity } from './types.js';

/** One scanned skill: its result, and where its files are relative to the SARIF consumer's root. */
export interface SarifTarget {
  /** Prefix for finding paths (e.g. `skills/deploy`), with `/` separators; empty for the root. */
  root: string;
  result: ScanResult;
}

export interface SarifOptions {
  toolVersion: string;
  /** Where the rules are documented (a deployment's own docs); rules link to `<uri>#<rule id>`. Left out when not given. */
  informationUri?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note', INFO: 'note' };
/** GitHub code scanning maps security-severity to critical (≥ 9), high (7–8.9), medium (4–6.9), low (< 4). */
const SECURITY_SEVERITY: Record<Severity, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '3.0', INFO: '1.0' };

/** `pi-ignore-instructions` → `PiIgnoreInstructions`: SARIF's rule name is an identifier, not prose. */
function ruleName(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function descriptor(spec: RuleSpec, informationUri: string | undefined) {
  return {
    id: spec.id,
    name: ruleName(spec.id),
    shortDescription: { text: spec.title },
    fullDescription: { text: spec.description },
    help: { text: spec.remediation, markdown: `**${spec.title}**\n\n${spec.description}\n\n**Remediation:** ${spec.remediation}` },
    ...(informationUri ? { helpUri: `${informationUri}#${spec.id}` } : {}),
    defaultConfiguration: { level: LEVEL[spec.severity] },
    properties: {
      category: spec.category,
      severity: spec.severity,
      'security-severity': SECURITY_SEVERITY[spec.severity],
      tags: ['security', spec.category],
    },
  };
}

function joinPath(root: string, file: string): string {
  const trimmed = root.endsWith('/') ? root.slice(0, -1) : root;
  return trimmed && trimmed !== '.' ? `${trimmed}/${file}` : file;
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function result(f: Finding, root: string, index: Map<string, number>) {
  const region = f.line > 0 ? { region: { startLine: f.line, ...(f.column > 0 ? { startColumn: f.column } : {}), ...(f.snippet ? { snippet: { text: f.snippet } } : {}) } } : {};
  return {
    ruleId: f.rule_id,
    ruleIndex: index.get(f.rule_id) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(joinPath(root, f.file_path)), uriBaseId: '%SRCROOT%' }, ...region } }],
    // `context` says why a finding is below its rule's level: the text documents the attack (negated, described, a detection skill).
    properties: { severity: f.severity, category: f.category, ...(f.context ? { context: f.context } : {}) },
  };
}

/**
 * A SARIF 2.1.0 log for one or more scanned skills: the whole rule pack as the driver's rules (so
 * consumers can show rules that found nothing), one result per finding, and the scans that could
 * not complete as tool execution notifications.
 */
export function toSarif(targets: SarifTarget[], options: SarifOptions): Record<string, unknown> {
  const informationUri = options.informationUri;
  const index = new Map(RULE_PACK.map((spec, i) => [spec.id, i]));
  const failures = targets.filter((t) => t.result.verdict === 'error');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'skillport',
            semanticVersion: options.toolVersion,
            version: options.toolVersion,
            ...(informationUri ? { informationUri } : {}),
            rules: RULE_PACK.map((spec) => descriptor(spec, informationUri)),
            properties: { rulePackVersion: RULE_PACK_VERSION },
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory the scan was run from.' } } },
        invocations: [
          {
            executionSuccessful: failures.length === 0,
            toolExecutionNotifications: failures.map((t) => ({
              level: 'error',
              message: { text: `${t.root || '.'}: ${t.result.errors.join('; ')}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(t.root || '.'), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results: targets.flatMap((t) => t.result.findings.map((f) => result(f, t.root, index))),
      },
    ],
  };
}
