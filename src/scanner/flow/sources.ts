/**
 * What counts as a secret: credential files and folders (by path), environment variables (by
 * name), and commands that print a secret (keychains, CLI tokens). Paths are compared after
 * normalising the home directory to `~`, so `os.path.expanduser("~/.ssh/id_rsa")`,
 * `$HOME/.ssh/id_rsa` and `/Users/x/.ssh/id_rsa` read the same.
 */
import { UNKNOWN, type SecretClass } from './value.js';

export interface SecretKind {
  /** How the finding names it: "~/.ssh/id_rsa", "the Chrome login database". */
  label: string;
  cls: SecretClass;
  owner: string[];
}

/** The path as written, with the home directory shown as `~`: for messages. */
export function displayPath(raw: string): string {
  const p = (raw.length > 200 ? raw.slice(0, 200) + '…' : raw).replace(/\\/g, '/');
  return p.replace(/^(?:\$home|\$\{home\}|%userprofile%|\$env:userprofile|c:\/users\/[^/]+|\/users\/[^/]+|\/home\/[^/]+|\/root)(?=\/|$)/i, '~').replace(/\/{2,}/g, '/');
}

/** `~` for the home directory in its usual spellings; backslashes as slashes; lower case. */
export function normalisePath(raw: string): string {
  let p = (raw.length > 1024 ? raw.slice(0, 1024) : raw).replace(/\\/g, '/').toLowerCase();
  p = p.replace(/^(?:\$home|\$\{home\}|%userprofile%|\$env:userprofile|c:\/users\/[^/]+|\/users\/[^/]+|\/home\/[^/]+|\/root)(?=\/|$)/, '~');
  p = p.replace(/\/{2,}/g, '/');
  return p;
}

const BROWSER_DIRS = ['google/chrome', 'google-chrome', 'chromium', 'bravesoftware', 'brave-browser', 'microsoft/edge', 'microsoft edge', 'microsoft-edge', 'vivaldi', 'opera', 'mozilla/firefox', '.mozilla/firefox', 'firefox/profiles', 'library/safari', 'library/cookies', 'yandexbrowser', 'arc/user data'];
const BROWSER_FILES = ['login data', 'login data for account', 'cookies', 'cookies.sqlite', 'logins.json', 'key4.db', 'key3.db', 'local state', 'web data', 'cookies.binarycookies', 'signons.sqlite'];
/** Files that are secrets wherever they are. */
const DISTINCT_FILES: Array<[string, string]> = [
  ['logins.json', 'the Firefox saved logins'],
  ['key4.db', 'the Firefox key database'],
  ['cookies.binarycookies', 'the Safari cookie store'],
  ['login data', 'a Chromium login database'],
  ['local state', 'the Chromium key store (Local State)'],
  ['.git-credentials', '~/.git-credentials'],
  ['.netrc', '~/.netrc'],
  ['_netrc', '~/_netrc'],
  ['.pypirc', '~/.pypirc'],
  ['credentials.db', 'the gcloud credential database'],
  ['application_default_credentials.json', 'the gcloud application-default credentials'],
  ['accesstokens.json', 'the Azure CLI tokens'],
  ['wallet.dat', 'a cryptocurrency wallet'],
  ['login.keychain-db', 'the macOS login keychain'],
  ['login.keychain', 'the macOS login keychain'],
  ['.bash_history', 'the shell history'],
  ['.zsh_history', 'the shell history'],
];
/** Folders (under the home directory) whose files are secrets, and what they are. */
const SECRET_DIRS: Array<[string, string]> = [
  ['~/.ssh', '~/.ssh'],
  ['~/.aws', '~/.aws'],
  ['~/.kube', '~/.kube'],
  ['~/.docker', '~/.docker'],
  ['~/.gnupg', '~/.gnupg'],
  ['~/.config/gh', 'the GitHub CLI token (~/.config/gh)'],
  ['~/.config/gcloud', '~/.config/gcloud'],
  ['~/.azure', '~/.azure'],
  ['~/.password-store', '~/.password-store'],
  ['~/library/keychains', 'the macOS keychains'],
  ['~/.local/share/keyrings', 'the GNOME keyring'],
  ['~/.electrum', 'an Electrum wallet'],
  ['~/.bitcoin', 'a Bitcoin wallet'],
  ['~/.ethereum/keystore', 'an Ethereum keystore'],
  ['~/.config/solana', 'a Solana keypair'],
];
/** Files in secret folders that are not secret. */
const PUBLIC_IN_SECRET_DIRS = ['known_hosts', 'known_hosts.old', 'config', 'authorized_keys', 'environment'];

/** The secret a path names, if any. `~`, `~/` and `~/*` alone are the whole home directory. */
export function secretPath(raw: string): SecretKind | null {
  const p = normalisePath(raw);
  if (p.length > 1024) return null;
  if (p === '~' || p === '~/' || p === '~/*' || p === '~/**' || p === '~/**/*' || p === `~/${UNKNOWN}` || p === '~/.') return { label: 'the whole home directory', cls: 'store', owner: [] };
  // Every hidden file at the top of the home directory: `~/.*`, `~/.[!.]*`, `~/.??*` hold .ssh, .aws, .netrc and the rest.
  if (p === '~/.*' || p === '~/.[!.]*' || p === '~/.??*' || p === '~/.[^.]*' || p === '~/.[a-z]*') return { label: 'every hidden file in the home directory', cls: 'store', owner: [] };
  if (p === '/etc/shadow' || p === '/etc/sudoers') return { label: p, cls: 'store', owner: [] };
  if (p.startsWith('/proc/') && p.endsWith('/environ')) return { label: 'the process environment', cls: 'store', owner: [] };
  const base = p.slice(p.lastIndexOf('/') + 1);
  const inBrowser = BROWSER_DIRS.some((d) => p.includes(d));
  if (inBrowser && (BROWSER_FILES.includes(base) || base === '' || base.includes(UNKNOWN) || base === '*')) return { label: `the browser profile (${raw.length > 80 ? base : raw})`, cls: 'store', owner: [] };
  for (const [file, label] of DISTINCT_FILES) if (base === file) return { label, cls: 'store', owner: [] };
  if (base === '.env' || (base.startsWith('.env.') && !base.endsWith('.example') && !base.endsWith('.sample') && !base.endsWith('.template'))) return { label: raw.length > 60 ? base : raw, cls: 'store', owner: [] };
  if (p.endsWith('/.docker/config.json') || p.endsWith('/.kube/config') || p.endsWith('/.aws/credentials') || p.endsWith('/.config/gh/hosts.yml')) return { label: `~${p.slice(p.indexOf('/.'))}`, cls: 'store', owner: [] };
  for (const [dir, label] of SECRET_DIRS) {
    if (p !== dir && !p.startsWith(`${dir}/`)) continue;
    if (dir === '~/.ssh') {
      const rest = p.slice(dir.length + 1);
      if (PUBLIC_IN_SECRET_DIRS.includes(rest) || rest.endsWith('.pub')) return null;
      if (rest.startsWith('id_') || rest.includes('key') || rest === '' || rest.includes('*') || rest.includes(UNKNOWN)) return { label: rest.startsWith('id_') ? displayPath(raw) : '~/.ssh', cls: 'store', owner: [] };
      return { label: displayPath(raw), cls: 'store', owner: [] };
    }
    if (dir === '~/.aws' && p === '~/.aws/config') return null;
    if (dir === '~/.docker' && !p.startsWith('~/.docker/config') && p !== dir && !p.includes('*') && !p.includes(UNKNOWN)) return null;
    return { label: p === dir ? label : p.startsWith('~/library') || p.startsWith('~/.local') ? label : displayPath(raw), cls: 'store', owner: [] };
  }
  return null;
}

const SECRET_WORDS = ['KEY', 'TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASS', 'PWD', 'CREDENTIAL', 'CREDENTIALS', 'AUTH', 'APIKEY', 'SESSION', 'COOKIE', 'PRIVATE', 'PAT', 'DSN', 'WEBHOOK'];
/** Names that end in a secret word but are not secrets. */
const NOT_SECRET = new Set(['PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'GPG_TTY', 'KEYBOARD', 'AWS_ACCESS_KEY_ID_FILE', 'SESSION_MANAGER', 'XDG_SESSION_TYPE', 'XDG_SESSION_ID', 'XDG_SESSION_CLASS', 'XDG_SESSION_DESKTOP', 'DBUS_SESSION_BUS_ADDRESS', 'TMUX_PANE', 'PASSWORD_STORE_DIR', 'KEY_PATH', 'KEY_FILE', 'SSH_KEY_PATH', 'TOKEN_URL', 'AUTH_URL', 'AUTH_DOMAIN', 'AUTH_HOST']);
/** Parts of a secret's name that say nothing about whose it is. */
const GENERIC_PARTS = new Set([...SECRET_WORDS, 'API', 'ACCESS', 'ID', 'CLIENT', 'USER', 'USERNAME', 'BEARER', 'BOT', 'APP', 'APPLICATION', 'SERVICE', 'PERSONAL', 'OAUTH', 'OAUTH2', 'REFRESH', 'DEFAULT', 'PROD', 'PRODUCTION', 'DEV', 'STAGING', 'TEST', 'MY', 'THE', 'ENV', 'VAR', 'SIGNING', 'MASTER', 'ADMIN', 'ROOT', 'SECRETS', 'TOKENS', 'KEYS', 'V1', 'V2', 'LIVE', 'URL', 'PUBLIC', 'ORG', 'ORGANIZATION', 'PROJECT', 'WORKSPACE', 'ACCOUNT', 'GLOBAL', 'LOCAL', 'SDK']);

/** An environment variable's name read as a secret: whose it is (from its name), or null when it is not a secret. */
export function secretEnvName(name: string): { owner: string[] } | null {
  const upper = name.toUpperCase();
  if (upper.length > 100 || NOT_SECRET.has(upper)) return null;
  const parts = upper.split(/[^A-Z0-9]+/).filter(Boolean);
  if (!parts.some((p) => SECRET_WORDS.includes(p) || p.endsWith('TOKEN') || p.endsWith('APIKEY') || p.endsWith('SECRET') || p.endsWith('PASSWORD'))) {
    if (upper !== 'DATABASE_URL' && !upper.endsWith('_DSN')) return null;
  }
  if (parts[parts.length - 1] === 'PATH' || parts[parts.length - 1] === 'FILE' || parts[parts.length - 1] === 'URL' && !upper.includes('DATABASE') || parts[parts.length - 1] === 'DIR' || parts[parts.length - 1] === 'NAME' || parts[parts.length - 1] === 'ID' && !upper.includes('KEY_ID')) return null;
  return { owner: parts.filter((p) => !GENERIC_PARTS.has(p) && p.length >= 2).map((p) => p.toLowerCase()) };
}

/** Names that stand for the home directory. */
export function isHomeVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return upper === 'HOME' || upper === 'USERPROFILE' || upper === 'HOMEPATH';
}

export interface CommandSecret {
  what: string;
  cls: SecretClass;
  owner: string[];
}

/**
 * A command whose output is a secret: `gh auth token`, `security find-generic-password -w`,
 * `aws configure get …`, `gcloud auth print-access-token`, `kubectl config view --raw`, and so on.
 * `words` are the command's words, unquoted.
 */
export function commandSecret(words: readonly string[]): CommandSecret | null {
  const [cmd, a = '', b = ''] = words.map((w) => w.toLowerCase());
  const has = (flag: string) => words.includes(flag);
  const after = (flag: string) => {
    const i = words.indexOf(flag);
    return i >= 0 && i + 1 < words.length ? words[i + 1]!.toLowerCase() : '';
  };
  switch (cmd) {
    case 'gh':
      if (a === 'auth' && (b === 'token' || (b === 'status' && (has('-t') || has('--show-token'))))) return { what: `reads the GitHub CLI token (gh auth ${b})`, cls: 'token', owner: ['github'] };
      return null;
    case 'security':
      if (a === 'dump-keychain') return { what: 'dumps the macOS keychain (security dump-keychain)', cls: 'store', owner: [] };
      if (a === 'find-generic-password' || a === 'find-internet-password') {
        const service = after('-s') || after('-l') || after('-a');
        return { what: `reads a keychain password (security ${a}${service ? ` -s ${service}` : ''})`, cls: 'token', owner: ownerParts(service) };
      }
      return null;
    case 'secret-tool':
      return a === 'lookup' || a === 'search' ? { what: `reads the keyring (secret-tool ${a})`, cls: 'token', owner: ownerParts(words.slice(2).join(' ')) } : null;
    case 'git':
      if (a === 'credential' && (b === 'fill' || b === 'get')) return { what: 'reads stored git credentials (git credential fill)', cls: 'store', owner: [] };
      return null;
    case 'aws':
      if (a === 'configure' && (b === 'get' || b === 'export-credentials')) return { what: `reads AWS credentials (aws configure ${b})`, cls: 'token', owner: ['aws', 'amazonaws'] };
      if (a === 'sts' && b === 'get-session-token') return { what: 'mints an AWS session token (aws sts get-session-token)', cls: 'token', owner: ['aws', 'amazonaws'] };
      if (a === 'ecr' && b === 'get-login-password') return { what: 'reads an ECR password (aws ecr get-login-password)', cls: 'token', owner: ['aws', 'amazonaws'] };
      return null;
    case 'gcloud':
      return words.some((w) => w === 'print-access-token' || w === 'print-identity-token') ? { what: 'reads a Google Cloud token (gcloud auth print-access-token)', cls: 'token', owner: ['google', 'googleapis'] } : null;
    case 'az':
      return a === 'account' && b === 'get-access-token' ? { what: 'reads an Azure token (az account get-access-token)', cls: 'token', owner: ['azure', 'microsoft', 'windows'] } : null;
    case 'kubectl':
      if (a === 'config' && b === 'view' && (has('--raw') || has('--flatten'))) return { what: 'reads the kubeconfig with its credentials (kubectl config view --raw)', cls: 'store', owner: [] };
      if (a === 'get' && (b === 'secret' || b === 'secrets')) return { what: 'reads Kubernetes secrets (kubectl get secret)', cls: 'store', owner: [] };
      return null;
    case 'op':
      return a === 'read' || (a === 'item' && b === 'get') ? { what: `reads a 1Password item (op ${a})`, cls: 'token', owner: [] } : null;
    case 'pass':
    case 'lpass':
    case 'bw':
      return a === 'show' || a === 'get' ? { what: `reads a password manager entry (${cmd} ${a})`, cls: 'token', owner: [] } : null;
    case 'vault':
      return (a === 'kv' && b === 'get') || a === 'read' ? { what: 'reads a Vault secret', cls: 'token', owner: [] } : null;
    case 'printenv':
    case 'env':
      return words.length === 1 || (cmd === 'env' && words.slice(1).every((w) => w.startsWith('-'))) ? { what: `reads the whole environment (${cmd})`, cls: 'store', owner: [] } : null;
    case 'set':
    case 'export':
    case 'declare':
      return words.length === 1 || (words.length === 2 && (b === '' && (a === '-p' || a === '-x'))) ? { what: `reads the whole environment (${words.join(' ')})`, cls: 'store', owner: [] } : null;
    default:
      if (cmd?.startsWith('docker-credential-') && (a === 'get' || a === 'list')) return { what: `reads Docker registry credentials (${cmd} ${a})`, cls: 'store', owner: [] };
      return null;
  }
}

/** Lower-case name parts that may name a service ("notion-api" → notion). */
export function ownerParts(name: string): string[] {
  return name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((p) => p.length >= 3 && !GENERIC_PARTS.has(p))
    .map((p) => p.toLowerCase());
}
