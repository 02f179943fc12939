import { RE2JS } from 're2js';
import { containerReports, type ContainerReport } from '../containers/index.js';
import type { Hit, SkillView } from '../engine/types.js';
import type { CheckDefinition } from './types.js';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function reportsWhere(skill: SkillView, keep: (r: ContainerReport) => boolean): ContainerReport[] {
  return containerReports(skill).filter(keep);
}

/** Every container the scanner looked inside, so a reviewer knows which findings come from inside one. */
export const CONTAINER_OPENED: CheckDefinition = {
  skill: (skill, rule) =>
    reportsWhere(skill, (r) => r.notOpened === undefined && r.format !== 'compiled Python')
      .slice(0, rule.maxPerFile)
      .map((r): Hit => ({ rule, file: r.path, line: 0, message: `${r.format} (${formatSize(r.bytes)}): ${r.members} file(s) inside were scanned, reported as \`${r.path}!/<path inside>\`` })),
};

/** Hidden text in documents and hidden cells in notebooks: content a reader of the file does not see, but the agent does. */
export const CONTAINER_HIDDEN_CONTENT: CheckDefinition = {
  skill: (skill, rule) =>
    reportsWhere(skill, (r) => r.hidden.length > 0 && r.format !== 'compiled Python')
      .slice(0, rule.maxPerFile)
      .map((r): Hit => ({ rule, file: r.path, line: 0, message: `${r.format} hides content from a reader (${r.hidden.join('; ')}); the hidden content was scanned as well` })),
};

/** Compiled Python without its source: the code that runs cannot be reviewed. */
export const COMPILED_PYTHON: CheckDefinition = {
  skill: (skill, rule) =>
    reportsWhere(skill, (r) => r.format === 'compiled Python' && !r.hasSource)
      .slice(0, rule.maxPerFile)
      .map((r): Hit => ({ rule, file: r.path, line: 0, message: `compiled Python (${formatSize(r.bytes)}) with no source beside it: its code cannot be reviewed; its strings were scanned as \`${r.path}!/strings.txt\`` })),
};

const rx = String.raw;
const FLAGS = RE2JS.CASE_INSENSITIVE | RE2JS.MULTILINE;
/** What a compiled module's strings name when it reads secrets. */
const SECRET_SOURCE = RE2JS.compile(
  rx`^(?:environ|getenv|expanduser|home)$|\.aws[/\\]?|\.ssh[/\\]?|\bid_(?:rsa|ed25519|ecdsa)\b|\.kube[/\\]?|\.docker[/\\]config|\.npmrc\b|\.pypirc\b|\.netrc\b|\.git-credentials\b|\.config[/\\]gh\b|\.env\b|Login Data|Local State|Cookies|keychain|keyring|find-generic-password|gh auth token`,
  FLAGS,
);
/** What they name when they send data out. */
const NETWORK_SEND = RE2JS.compile(
  rx`^(?:requests|httpx|urllib3?|urllib\.request|http\.client|aiohttp|socket|smtplib|ftplib|paramiko)$|^(?:urlopen|post|put|sendall|send|connect|request|Request|HTTPSConnection|HTTPConnection)$|^https?://`,
  FLAGS,
);
const URL = RE2JS.compile(rx`https?://[^\s'"]+`, FLAGS);

function firstMatch(re: RE2JS, text: string): string | null {
  const m = re.matcher(text);
  return m.find() ? text.slice(m.start(), m.end()) : null;
}

/** A compiled module whose strings name both a secret source and a way to send data: the shape of a stealer. */
export const COMPILED_PYTHON_SENDS_SECRETS: CheckDefinition = {
  skill: (skill, rule) =>
    reportsWhere(skill, (r) => r.format === 'compiled Python' && typeof r.strings === 'string')
      .flatMap((r): Hit[] => {
        const strings = r.strings!;
        const source = firstMatch(SECRET_SOURCE, strings);
        const send = firstMatch(NETWORK_SEND, strings);
        if (!source || !send) return [];
        const host = firstMatch(URL, strings);
        return [{ rule, file: r.path, line: 0, message: `compiled Python whose code references ${JSON.stringify(source)} and ${JSON.stringify(send)}${host ? ` and ${host}` : ''}: it reads secrets and sends data${r.hasSource ? '' : ', and ships without its source'}` }];
      })
      .slice(0, rule.maxPerFile),
};
