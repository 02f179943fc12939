import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promises as dns } from 'node:dns';
import { AppError } from '../util/app-error.js';

/**
 * Addresses an import must never reach unless the operator allows it: loopback, private ranges,
 * link-local (which holds the cloud metadata services at 169.254.169.254 and fd00:ec2::254),
 * carrier-grade NAT, multicast and the unspecified address. A URL naming a public host is not
 * enough: the check runs on the addresses the name resolves to, at connect time.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

export interface OutboundPolicy {
  /** Let imports reach private and loopback addresses (a git server on the same network, tests). */
  allowPrivate: boolean;
}

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    // An IPv4-mapped IPv6 address is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

export function refusedAddress(host: string): AppError {
  return new AppError(400, 'host_not_allowed', `${host} resolves to a loopback, private, link-local or metadata address; imports may only reach public hosts (an operator can allow private ones with SKILLPORT_OUTBOUND_ALLOW_PRIVATE=true)`);
}

export function unreachable(host: string, why: string): AppError {
  return new AppError(422, 'host_unreachable', `could not reach ${host}: ${why}`);
}

/**
 * Resolves a host once and checks every address it has; the caller connects to the address
 * returned (so a second, different answer from DNS cannot slip past the check).
 */
export async function resolveAllowed(host: string, policy: OutboundPolicy): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    if (!policy.allowPrivate && isBlockedAddress(bare)) throw refusedAddress(host);
    return bare;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(bare, { all: true, verbatim: true });
  } catch (err) {
    throw unreachable(host, `the name does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (addresses.length === 0) throw unreachable(host, 'the name does not resolve');
  if (!policy.allowPrivate && addresses.some((a) => isBlockedAddress(a.address))) throw refusedAddress(host);
  return addresses[0]!.address;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for node:http(s) that refuses blocked addresses at connect time, redirects included. */
export function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '', 4);
      const blocked = !policy.allowPrivate && addresses.some((a) => isBlockedAddress(a.address));
      if (blocked || addresses.length === 0) {
        const refusal = Object.assign(new Error(`blocked address for ${hostname}`), { code: 'ESKILLPORTBLOCKED' }) as NodeJS.ErrnoException;
        return callback(refusal, options.all ? [] : '', 4);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
