/**
 * Where flows are judged. The analysers of each language report sinks (a network send, a file
 * write) with the values that reach them; a sink whose values carry secrets becomes a finding
 * here, and one whose values depend on a function's parameters is kept with that function's
 * summary until a call supplies the arguments.
 */
import type { Severity } from '../types.js';
import { classifyHost, hostOf, isLocal, ownedBy, type HostClass } from './hosts.js';
import { looksLikeLoader, writeTarget } from './targets.js';
import { type Source, type Value, UNKNOWN } from './value.js';

export type FlowRuleId = 'flow.secret-to-network' | 'flow.writes-startup-file' | 'flow.writes-other-skill';

/** `credentials`: an Authorization header, a user:password pair, auth=; `hostname`: the name looked up. */
export type Role = 'url' | 'header' | 'credentials' | 'body' | 'hostname' | 'stdin' | 'file';

export interface Part {
  role: Role;
  v: Value;
}

export interface NetworkSink {
  type: 'network';
  api: string;
  kind: 'http' | 'socket' | 'dns' | 'mail' | 'ssh' | 'paste';
  /** The URL, host or address, when there is one. */
  target: Value | null;
  parts: Part[];
  at: number;
  end: number;
}

export interface WriteSink {
  type: 'write';
  api: string;
  path: Value;
  content: Value | null;
  append: boolean;
  at: number;
  end: number;
}

export type Sink = NetworkSink | WriteSink;

export interface FlowFinding {
  rule: FlowRuleId;
  severity: Severity;
  message: string;
  start: number;
  end: number;
}

const RANK: Record<Severity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFO: 4 };
const MAX_FINDINGS = 50;

export class FlowContext {
  readonly findings = new Map<string, FlowFinding>();
  /** Sinks waiting for arguments, of the function being summarised (innermost last). */
  private readonly pending: Sink[][] = [];

  constructor(readonly lineOf: (offset: number) => number) {}

  enterFunction(): void {
    this.pending.push([]);
  }

  leaveFunction(): Sink[] {
    return this.pending.pop() ?? [];
  }

  sink(sink: Sink): void {
    const values = sink.type === 'network' ? sink.parts.map((p) => p.v) : [sink.path, ...(sink.content ? [sink.content] : [])];
    if (values.some((v) => v.par !== 0 || v.filePar !== 0)) this.pending[this.pending.length - 1]?.push(sink);
    if (sink.type === 'network') this.network(sink);
    else this.write(sink);
  }

  private network(sink: NetworkSink): void {
    const urls = sink.target ? (sink.target.str.length > 0 ? sink.target.str : [UNKNOWN]) : [UNKNOWN];
    const hosts = urls.map((u) => (sink.kind === 'dns' ? null : hostOf(u)));
    if (hosts.length > 0 && hosts.every((h) => isLocal(h))) return;
    const host = hosts.find((h) => h !== null) ?? null;
    const hostClass = hosts.map(classifyHost).sort((a, b) => HOST_RANK[a] - HOST_RANK[b])[0] ?? 'ordinary';
    const found: Array<{ s: Source; severity: Severity }> = [];
    for (const part of sink.parts) {
      for (const s of part.v.src) {
        const severity = judge(s, part.role, sink, host, hostClass);
        if (severity && !found.some((f) => f.s.what === s.what && f.s.line === s.line)) found.push({ s, severity });
      }
    }
    if (found.length === 0) return;
    found.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.s.line - b.s.line);
    const named = found.slice(0, 3).map((f) => `${f.s.what} (line ${f.s.line})`);
    const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
    const where = sinkPhrase(sink, host, hostClass);
    this.add(`${sink.at}`, {
      rule: 'flow.secret-to-network',
      severity: found[0]!.severity,
      message: `${named.join(', ')}${more} and sends ${found.length === 1 ? 'it' : 'them'} ${where} (line ${this.lineOf(sink.at)})`,
      start: sink.at,
      end: sink.end,
    });
  }

  private write(sink: WriteSink): void {
    const targets = (sink.path.str.length > 0 ? sink.path.str : []).map(writeTarget).filter((t) => t !== null);
    if (targets.length === 0) return;
    const target = targets.find((t) => t.severe) ?? targets[0]!;
    const content = sink.content;
    const secrets = content?.src ?? [];
    const loader = (content?.str ?? []).some(looksLikeLoader);
    const line = this.lineOf(sink.at);
    if (target.kind === 'startup') {
      const severe = target.severe || loader || secrets.length > 0;
      const what = secrets.length > 0 ? `writes ${secrets[0]!.what.replace(/^reads /, '')} (line ${secrets[0]!.line}) into` : loader ? 'writes a command that fetches or runs code into' : 'writes to';
      this.add(`w:${target.label}`, {
        rule: 'flow.writes-startup-file',
        severity: severe ? 'HIGH' : 'MEDIUM',
        message: `${what} ${target.label} with ${sink.api} (line ${line}), so it runs again ${target.label.includes('cron') ? 'on a schedule' : 'at every login or shell start'}`,
        start: sink.at,
        end: sink.end,
      });
      return;
    }
    const severe = target.severe || sink.append || secrets.length > 0 || loader;
    this.add(`s:${target.label}`, {
      rule: 'flow.writes-other-skill',
      severity: severe ? 'HIGH' : 'MEDIUM',
      message: `${sink.append ? 'appends to' : 'writes'} ${target.label} with ${sink.api} (line ${line}): another skill's files or the agent's own instructions and settings`,
      start: sink.at,
      end: sink.end,
    });
  }

  private add(key: string, finding: FlowFinding): void {
    finding.message = finding.message.split(UNKNOWN).join('…');
    const old = this.findings.get(key);
    if (old && RANK[old.severity] <= RANK[finding.severity]) return;
    if (!old && this.findings.size >= MAX_FINDINGS) return;
    this.findings.set(key, finding);
  }
}

const HOST_RANK: Record<HostClass, number> = { paste: 0, collector: 1, address: 2, ordinary: 3 };

/**
 * How bad one secret reaching one sink is. A credential store (key file, cloud credentials, browser
 * profile, the whole environment) is CRITICAL wherever it goes. One named secret is normal when it
 * goes to its owner (OPENAI_API_KEY to api.openai.com) or, when its name names no owner, to the
 * service the script calls or to an endpoint taken from configuration; it is HIGH when it goes to
 * somebody else's service, and CRITICAL to a paste, a capture service or inside a DNS name.
 */
function judge(s: Source, role: Role, sink: NetworkSink, host: string | null, hostClass: HostClass): Severity | null {
  if (s.cls === 'store') return role === 'credentials' && host === null ? 'HIGH' : 'CRITICAL';
  if (sink.kind === 'dns' || role === 'hostname') return 'CRITICAL';
  if (sink.kind === 'paste' || hostClass === 'paste' || hostClass === 'collector') return 'CRITICAL';
  if (host !== null && s.owner.length > 0 && ownedBy(host, s.owner)) return null;
  if (hostClass === 'address') return 'HIGH';
  if (host === null) return sink.kind === 'socket' && s.owner.length > 0 ? 'HIGH' : null;
  return s.owner.length > 0 ? 'HIGH' : null;
}

function sinkPhrase(sink: NetworkSink, host: string | null, hostClass: HostClass): string {
  if (sink.kind === 'dns') return `inside a DNS lookup (${sink.api})`;
  const to = host ? ` to ${host}` : sink.target ? ' to an address built at run time' : '';
  const what = sink.kind === 'paste' || hostClass === 'paste' ? ' (a public paste)' : hostClass === 'collector' ? ' (a request-capture, tunnel or webhook service)' : '';
  return `with ${sink.api}${to}${what}`;
}
