/**
 * Where a network call goes: the host of a URL as far as the analysis knows it, whether that host
 * is a public paste, a request-capture service, a tunnel or a bare address (places nobody sends a
 * credential to on purpose), and whether it belongs to the owner a secret's name points at
 * (OPENAI_API_KEY to api.openai.com).
 */
import { UNKNOWN } from './value.js';

/** The host of a URL or `host:port` text; null when it is not known (built from a variable). */
export function hostOf(url: string): string | null {
  let s = url.trim().toLowerCase();
  const scheme = s.indexOf('://');
  if (scheme >= 0) {
    if (s.slice(0, scheme).includes(UNKNOWN)) return null;
    s = s.slice(scheme + 3);
  } else if (s.startsWith('//')) s = s.slice(2);
  let end = s.length;
  for (const c of ['/', '?', '#']) {
    const i = s.indexOf(c);
    if (i >= 0 && i < end) end = i;
  }
  let host = s.slice(0, end);
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  if (host.startsWith('[')) host = host.slice(0, host.indexOf(']') + 1);
  else if (host.includes(':')) host = host.slice(0, host.indexOf(':'));
  if (host === '' || host.includes(UNKNOWN) || host.includes(' ') || host.includes('$') || host.includes('{')) return null;
  if (!host.includes('.') && host !== 'localhost' && !host.startsWith('[')) return null;
  return host;
}

/** Public pastes and file drops: whatever is sent there is readable by anyone with the link. */
const PASTES = ['pastebin.com', 'paste.ee', 'hastebin.com', 'hastebin.skyra.pw', 'dpaste.com', 'dpaste.org', 'ix.io', '0x0.st', 'termbin.com', 'transfer.sh', 'file.io', 'paste.rs', 'ghostbin.co', 'rentry.co', 'controlc.com', 'privatebin.net', 'gist.github.com', 'gist.githubusercontent.com', 'bashupload.com', 'temp.sh', 'catbox.moe', 'litterbox.catbox.moe', 'tmpfiles.org', 'sprunge.us', 'clbin.com', 'oshi.at', 'paste.c-net.org', 'justpaste.it', 'pastes.dev', 'katb.in', 'pixeldrain.com', 'gofile.io', 'anonfiles.com', 'uguu.se'];
/** Request capture, out-of-band interaction, tunnels and chat webhooks. */
const COLLECTORS = ['webhook.site', 'requestbin.com', 'requestbin.net', 'pipedream.net', 'm.pipedream.net', 'eo.pipedream.net', 'beeceptor.com', 'requestcatcher.com', 'hookbin.com', 'mockbin.org', 'interact.sh', 'oast.fun', 'oast.pro', 'oast.live', 'oast.site', 'oast.online', 'oast.me', 'burpcollaborator.net', 'oastify.com', 'canarytokens.com', 'dnslog.cn', 'ceye.io', 'ngrok.io', 'ngrok-free.app', 'ngrok.app', 'ngrok.dev', 'trycloudflare.com', 'loca.lt', 'localtunnel.me', 'serveo.net', 'localhost.run', 'lhr.life', 'duckdns.org', 'no-ip.org', 'hopto.org', 'ddns.net', 'discord.com', 'discordapp.com', 'api.telegram.org', 'hooks.slack.com', 'requestrepo.com', 'pinggy.io', 'bore.pub'];

function under(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

export type HostClass = 'paste' | 'collector' | 'address' | 'ordinary';

export function classifyHost(host: string | null): HostClass {
  if (host === null) return 'ordinary';
  if (PASTES.some((d) => under(host, d))) return 'paste';
  if (COLLECTORS.some((d) => under(host, d)) || host.endsWith('.onion')) return 'collector';
  if (isAddress(host)) return 'address';
  return 'ordinary';
}

function isAddress(host: string): boolean {
  if (host.startsWith('[')) return !['[::1]'].includes(host);
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => p !== '' && p.length <= 3 && [...p].every((c) => c >= '0' && c <= '9'))) return false;
  return !host.startsWith('127.');
}

/** Loopback: nothing leaves the machine. */
export function isLocal(host: string | null): boolean {
  return host !== null && (host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '0.0.0.0' || host.endsWith('.localhost'));
}

/** Owners that use another name for their hosts. */
const OWNER_DOMAINS: Record<string, string[]> = {
  aws: ['amazonaws.com', 'aws.amazon.com', 'amazon.com'],
  amazonaws: ['amazonaws.com'],
  gh: ['github.com', 'githubusercontent.com'],
  github: ['github.com', 'githubusercontent.com', 'ghe.com'],
  gitlab: ['gitlab.com', 'gitlab'],
  google: ['googleapis.com', 'google.com'],
  gcp: ['googleapis.com', 'google.com'],
  gcloud: ['googleapis.com', 'google.com'],
  gemini: ['googleapis.com', 'google.com'],
  googleapis: ['googleapis.com'],
  firebase: ['googleapis.com', 'firebaseio.com', 'firebase.google.com'],
  youtube: ['googleapis.com', 'youtube.com'],
  azure: ['azure.com', 'windows.net', 'microsoft.com', 'azure-api.net', 'microsoftonline.com'],
  microsoft: ['microsoft.com', 'windows.net', 'microsoftonline.com', 'azure.com'],
  hf: ['huggingface.co', 'hf.co'],
  huggingface: ['huggingface.co', 'hf.co'],
  anthropic: ['anthropic.com'],
  claude: ['anthropic.com'],
  openai: ['openai.com', 'openai.azure.com'],
  npm: ['npmjs.org', 'npmjs.com'],
  pypi: ['pypi.org'],
  docker: ['docker.io', 'docker.com'],
  dockerhub: ['docker.io', 'docker.com'],
  slack: ['slack.com'],
  cf: ['cloudflare.com'],
  cloudflare: ['cloudflare.com'],
  do: ['digitalocean.com'],
  digitalocean: ['digitalocean.com'],
  x: ['x.com', 'twitter.com'],
  twitter: ['twitter.com', 'x.com'],
  sendgrid: ['sendgrid.com', 'sendgrid.net'],
  mailgun: ['mailgun.net', 'mailgun.org'],
  linear: ['linear.app'],
  jira: ['atlassian.net', 'atlassian.com'],
  confluence: ['atlassian.net', 'atlassian.com'],
  atlassian: ['atlassian.net', 'atlassian.com'],
  supabase: ['supabase.co', 'supabase.com'],
  vercel: ['vercel.com', 'vercel.app'],
};

/**
 * Whether a host belongs to one of the owners a secret's name points at. An owner is a part of
 * the secret's name ("notion" of NOTION_API_KEY) or a known alias of it (GH → github.com).
 */
export function ownedBy(host: string, owner: readonly string[]): boolean {
  for (const o of owner) {
    const domains = OWNER_DOMAINS[o];
    if (domains?.some((d) => under(host, d) || (!d.includes('.') && host.includes(d)))) return true;
    if (o.length >= 3 && host.split(/[.-]/).includes(o)) return true;
    if (o.length >= 4 && host.includes(o)) return true;
  }
  return false;
}
