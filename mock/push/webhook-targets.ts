// Where webhooks may deliver. A sandbox that many partners share must not let a webhook URL reach the host's own
// network (SSRF): in `public` mode loopback, private, link-local, unique-local, IPv4-mapped and unspecified
// addresses are refused, at registration (a 400 naming the rule) and again at connect time against the address
// the name resolved to, so a name that resolves to a public address at registration and to 127.0.0.1 later (DNS
// rebinding) is still refused. WHATWG URL parsing turns every IPv4 notation (2130706433, 0177.0.0.1, 127.1,
// 0x7f.1) into the dotted form before these rules read it. Credentials in a URL are refused in every mode: they
// would be sent as Basic auth and shown in every log and list.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/** `any`: every http(s) URL (a partner's receiver on localhost works); `public`: public addresses only. */
export type WebhookTargets = "any" | "public";
export const WEBHOOK_TARGETS: readonly WebhookTargets[] = ["any", "public"];

/** Resolves a host name to its addresses (tests inject one; the default is the system's resolver). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface TargetPolicy {
  targets: WebhookTargets;
  /** Only https URLs (registration refuses http). */
  httpsOnly: boolean;
  /** How names are resolved at connect time. Default: the system's resolver (dns.lookup). */
  resolve?: Resolver;
}

export const OPEN_TARGETS: TargetPolicy = { targets: "any", httpsOnly: false };

/** The addresses `public` refuses, each with the rule a refusal names. */
const RULES: [name: string, blocks: [network: string, prefix: number, family: "ipv4" | "ipv6"][]][] = [
  ["unspecified", [["0.0.0.0", 8, "ipv4"], ["::", 128, "ipv6"]]],
  ["loopback", [["127.0.0.0", 8, "ipv4"], ["::1", 128, "ipv6"]]],
  ["private", [["10.0.0.0", 8, "ipv4"], ["172.16.0.0", 12, "ipv4"], ["192.168.0.0", 16, "ipv4"], ["100.64.0.0", 10, "ipv4"], ["192.0.0.0", 24, "ipv4"], ["198.18.0.0", 15, "ipv4"]]],
  ["link-local", [["169.254.0.0", 16, "ipv4"], ["fe80::", 10, "ipv6"]]],
  ["unique-local", [["fc00::", 7, "ipv6"], ["fec0::", 10, "ipv6"]]],
  ["multicast or reserved", [["224.0.0.0", 4, "ipv4"], ["240.0.0.0", 4, "ipv4"], ["ff00::", 8, "ipv6"]]],
  // Addresses that carry an IPv4 address inside an IPv6 one reach whatever that IPv4 address reaches.
  ["IPv4-mapped or -translated", [["::ffff:0:0", 96, "ipv6"], ["::", 96, "ipv6"], ["64:ff9b::", 96, "ipv6"], ["64:ff9b:1::", 48, "ipv6"], ["2002::", 16, "ipv6"]]],
];

// One list per rule and family: BlockList also compares IPv4 rules with IPv4-mapped IPv6 addresses (and IPv6
// rules such as ::/96 with IPv4 addresses), so each address is checked against its own family's rules only.
const LISTS = RULES.map(([name, blocks]) => {
  const lists = { ipv4: new BlockList(), ipv6: new BlockList() };
  for (const [network, prefix, family] of blocks) lists[family].addSubnet(network, prefix, family);
  return { name, lists };
});

/** Names that only ever resolve inside a local network. */
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan", ".intranet", ".corp"];

/** The rule an IP address breaks in `public` mode (e.g. "loopback"), or undefined for a public address. */
export function addressRule(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const type = family === 4 ? "ipv4" : "ipv6";
  return LISTS.find(({ lists }) => lists[type].check(address, type))?.name;
}

const article = (word: string) => (/^([aeio]|u(?!ni))/i.test(word) ? `an ${word}` : `a ${word}`);

/** The rule a host (as `URL.hostname` gives it) breaks in `public` mode, or undefined. */
export function hostRule(hostname: string): string | undefined {
  const host = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname.replace(/\.$/, "").toLowerCase();
  if (isIP(host) !== 0) {
    const rule = addressRule(host);
    return rule && `${rule} address`;
  }
  if (host === "localhost" || LOCAL_SUFFIXES.some((s) => host.endsWith(s))) return "local network name";
  // A name without a dot resolves through the host's search domains only (`redis`, `metadata`).
  if (!host.includes(".")) return "single-label name";
  return undefined;
}

/**
 * Why a webhook URL is refused under the policy (one line naming the rule), or undefined when it may be used.
 * `url` is already known to be an absolute http(s) URL.
 */
export function targetProblem(url: URL, policy: TargetPolicy): string | undefined {
  if (url.username !== "" || url.password !== "") return "must not contain credentials (user:password@); send them in the webhook secret instead";
  if (policy.httpsOnly && url.protocol !== "https:") return "must be an https URL (this mock delivers over https only)";
  if (policy.targets === "any") return undefined;
  const rule = hostRule(url.hostname);
  return rule && `host ${url.hostname} is ${article(rule)}; this mock delivers only to public addresses (webhook targets: public)`;
}

/** What connect-time refusals throw: the attempt ends as a failed delivery that never reached the network. */
export class TargetRefused extends Error {
  readonly code = "ETARGETREFUSED";
}

const systemResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/**
 * The `lookup` of an outgoing connection under the policy: resolves the name (with the policy's resolver) and
 * refuses the connection when any address it resolved to breaks a rule. Undefined in `any` mode without a resolver
 * of its own (Node's default lookup then).
 */
export function connectLookup(policy: TargetPolicy): LookupFunction | undefined {
  if (policy.targets === "any" && !policy.resolve) return undefined;
  const resolve = policy.resolve ?? systemResolve;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        const bad = policy.targets === "public" ? wanted.find((a) => addressRule(a.address) !== undefined) : undefined;
        if (bad) return callback(new TargetRefused(`${hostname} resolves to ${bad.address}, ${article(`${addressRule(bad.address)} address`)}`), "");
        const first = wanted[0];
        if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "");
        if (options.all) callback(null, wanted);
        else callback(null, first.address, first.family);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), ""),
    );
  };
}
