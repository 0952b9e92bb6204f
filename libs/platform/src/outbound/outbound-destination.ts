import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/** Where outbound calls to addresses given by users (webhook endpoints) may go. */
export interface OutboundPolicy {
  /** Development only: loopback addresses (a receiver on the developer's machine). */
  readonly allowLoopback: boolean;
  /** Production: https only. */
  readonly requireHttps: boolean;
}

/** A destination refused: the reason names the rule, never what answered there. */
export class DestinationRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DestinationRefused';
  }
}

// One list per family: a BlockList matches IPv4 addresses against IPv4-mapped IPv6 rules too,
// so the ::ffff:0:0/96 rule below would otherwise refuse every IPv4 address.
const loopback = { ipv4: new BlockList(), ipv6: new BlockList() };
loopback.ipv4.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.ipv6.addAddress('::1', 'ipv6');
loopback.ipv6.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/**
 * Every range that is not the public internet: this host, private networks, carrier NAT,
 * link-local (169.254.169.254 is the cloud metadata service), documentation, benchmarking,
 * multicast and reserved space; and the IPv6 forms that embed an IPv4 address (mapped, NAT64,
 * 6to4), which would otherwise smuggle one of the above past the check.
 */
const internal = { ipv4: new BlockList(), ipv6: new BlockList() };
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.ipv4.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  internal.ipv6.addSubnet(network, prefix, 'ipv6');
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Why an address may not be called, or null when it may. */
export function refusalOfAddress(address: string, policy: OutboundPolicy): string | null {
  const family = familyOf(address);
  const isLoopback = loopback[family].check(address, family);
  if (isLoopback) return policy.allowLoopback ? null : 'it is a loopback address';
  if (internal[family].check(address, family)) {
    return 'it is a private, link-local, metadata or reserved address';
  }
  return null;
}

/** The host of a URL without IPv6 brackets. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks what a URL says before any lookup: the scheme, no credentials in it, and an address
 * literal (which a connection would use without a lookup) against the policy.
 */
export function refusalOfUrl(raw: string, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'it is not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !policy.requireHttps)) {
    return policy.requireHttps ? 'it must use https' : 'it must use https or http';
  }
  if (url.username || url.password) return 'it must not carry a user name or password';
  const host = hostOf(url);
  if (isIP(host)) {
    const refusal = refusalOfAddress(host, policy);
    return refusal ? `${host}: ${refusal}` : null;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return policy.allowLoopback ? null : 'it is a loopback address';
  }
  return null;
}

const lookupAll = (hostname: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * Resolves a URL's host and refuses it unless every address it resolves to is allowed: one
 * internal record among public ones is how a rebinding host would get in.
 */
export async function refusalOfDestination(
  raw: string,
  policy: OutboundPolicy,
): Promise<string | null> {
  const refusal = refusalOfUrl(raw, policy);
  if (refusal) return refusal;
  const host = hostOf(new URL(raw));
  if (isIP(host)) return null;
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(host);
  } catch {
    return `${host} does not resolve`;
  }
  for (const { address } of addresses) {
    const addressRefusal = refusalOfAddress(address, policy);
    if (addressRefusal) return `${host} resolves to ${address}: ${addressRefusal}`;
  }
  return addresses.length === 0 ? `${host} does not resolve` : null;
}

/**
 * A `lookup` for http.request / net.connect that resolves, checks every address and hands the
 * socket only checked ones, so the connection goes where the check looked (no window for a DNS
 * answer that changes between a check and the connect).
 */
export function checkedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses
        .map(({ address }) => ({ address, refusal: refusalOfAddress(address, policy) }))
        .find(({ refusal }) => refusal !== null);
      if (refused || addresses.length === 0) {
        const reason = refused
          ? `${hostname} resolves to ${refused.address}: ${refused.refusal}`
          : `${hostname} does not resolve`;
        return callback(new DestinationRefused(reason), '', 0);
      }
      if ((options as { all?: boolean }).all) {
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      }
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
