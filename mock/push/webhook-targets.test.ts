import { expect, it } from "vitest";
import { addressRule, connectLookup, hostRule, targetProblem, type TargetPolicy } from "./webhook-targets.js";

const PUBLIC: TargetPolicy = { targets: "public", httpsOnly: false };
const ANY: TargetPolicy = { targets: "any", httpsOnly: false };
const problemOf = (url: string, policy = PUBLIC) => targetProblem(new URL(url), policy);

it("refuses every notation of loopback, private, link-local, unique-local, mapped and unspecified hosts in public mode", () => {
  const refused: [string, string][] = [
    ["http://127.0.0.1/", "host 127.0.0.1 is a loopback address"],
    ["http://localhost/", "host localhost is a local network name"],
    ["http://LOCALHOST./", "host localhost. is a local network name"],
    ["http://api.localhost/", "host api.localhost is a local network name"],
    ["http://0.0.0.0/", "host 0.0.0.0 is an unspecified address"],
    ["http://0/", "host 0.0.0.0 is an unspecified address"],
    ["http://2130706433/", "host 127.0.0.1 is a loopback address"],
    ["http://0177.0.0.1/", "host 127.0.0.1 is a loopback address"],
    ["http://127.1/", "host 127.0.0.1 is a loopback address"],
    ["http://0x7f.1/", "host 127.0.0.1 is a loopback address"],
    ["http://[::1]/", "host [::1] is a loopback address"],
    ["http://[::]/", "host [::] is an unspecified address"],
    ["http://[::ffff:127.0.0.1]/", "host [::ffff:7f00:1] is an IPv4-mapped or -translated address"],
    ["http://[::ffff:8.8.8.8]/", "host [::ffff:808:808] is an IPv4-mapped or -translated address"],
    ["http://[64:ff9b::a00:1]/", "host [64:ff9b::a00:1] is an IPv4-mapped or -translated address"],
    ["http://169.254.169.254/latest/meta-data/", "host 169.254.169.254 is a link-local address"],
    ["http://[fe80::1]/", "host [fe80::1] is a link-local address"],
    ["http://10.0.0.1/", "host 10.0.0.1 is a private address"],
    ["http://172.16.5.4/", "host 172.16.5.4 is a private address"],
    ["http://192.168.1.1:6379/", "host 192.168.1.1 is a private address"],
    ["http://100.64.0.1/", "host 100.64.0.1 is a private address"],
    ["http://[fd00::1]/", "host [fd00::1] is a unique-local address"],
    ["http://224.0.0.1/", "host 224.0.0.1 is a multicast or reserved address"],
    ["http://metadata.google.internal/computeMetadata/v1/", "host metadata.google.internal is a local network name"],
    ["http://printer.local/", "host printer.local is a local network name"],
    ["http://redis:6379/", "host redis is a single-label name"],
  ];
  for (const [url, rule] of refused) expect([url, problemOf(url)]).toEqual([url, `${rule}; this mock delivers only to public addresses (webhook targets: public)`]);
});

it("allows public hosts in public mode, and any host in any mode", () => {
  for (const url of ["https://partner.example/hooks", "http://8.8.8.8/", "https://[2001:4860:4860::8888]/x", "http://172.32.0.1/", "http://11.0.0.1/"]) expect([url, problemOf(url)]).toEqual([url, undefined]);
  for (const url of ["http://127.0.0.1:9/x", "http://localhost:3000/", "http://169.254.169.254/"]) expect([url, problemOf(url, ANY)]).toEqual([url, undefined]);
});

it("refuses credentials in any mode, and http when https only", () => {
  const credentials = "must not contain credentials (user:password@); send them in the webhook secret instead";
  expect(problemOf("https://user:pw@partner.example/", ANY)).toBe(credentials);
  expect(problemOf("https://user@partner.example/", PUBLIC)).toBe(credentials);
  expect(problemOf("http://partner.example/", { ...ANY, httpsOnly: true })).toBe("must be an https URL (this mock delivers over https only)");
  expect(problemOf("https://partner.example/", { ...PUBLIC, httpsOnly: true })).toBe(undefined);
});

it("names the rule of a resolved address", () => {
  expect(["127.0.0.1", "::1", "::ffff:10.0.0.1", "10.1.2.3", "169.254.169.254", "fc00::5", "93.184.216.34"].map(addressRule)).toEqual([
    "loopback",
    "loopback",
    "IPv4-mapped or -translated",
    "private",
    "link-local",
    "unique-local",
    undefined,
  ]);
  expect(hostRule("partner.example")).toBe(undefined);
});

it("refuses at connect time a name that resolves to a forbidden address (DNS rebinding)", async () => {
  const lookup = connectLookup({ ...PUBLIC, resolve: async (host) => (host === "rebind.example" ? [{ address: "93.184.216.34", family: 4 }, { address: "127.0.0.1", family: 4 }] : [{ address: "93.184.216.34", family: 4 }]) })!;
  const look = (host: string, all: boolean) =>
    new Promise((resolve) => lookup(host, { all }, (err, address, family) => resolve(err ? `${err.constructor.name}: ${err.message}` : [address, family])));
  expect(await look("rebind.example", true)).toBe("TargetRefused: rebind.example resolves to 127.0.0.1, a loopback address");
  expect(await look("partner.example", true)).toEqual([[{ address: "93.184.216.34", family: 4 }], undefined]);
  expect(await look("partner.example", false)).toEqual(["93.184.216.34", 4]);
  expect(connectLookup(ANY)).toBe(undefined);
});
