/**
 * @module ingest/net
 * Which IP addresses an ingest request may reach. By default only public unicast addresses: a
 * URL handed to `rasd ingest` or to `POST /ingest` must not become a way to probe the operator's
 * own machine or network (SSRF). Loopback, private, link-local, CGNAT, multicast, reserved and
 * the IPv6 equivalents (including IPv4-mapped and NAT64 forms) are refused unless the operator
 * allows private addresses explicitly.
 */
import { isIP } from "node:net";

function v4ToInt(ip: string): number {
  const p = ip.split(".").map(Number);
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

/** [network, prefix length] pairs of IPv4 space that is not public unicast. */
const V4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata lives here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
];
const V4_MASKS = V4_BLOCKED.map(([net, len]) => {
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  return { base: (v4ToInt(net) & mask) >>> 0, mask };
});

function isBlockedV4(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_MASKS.some(({ base, mask }) => ((n & mask) >>> 0) === base);
}

/** Expands an IPv6 address to its 8 16-bit groups (handles "::" and a dotted IPv4 tail). */
function v6Groups(ip: string): number[] {
  let s = ip.split("%")[0].toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    // Rewrite a dotted IPv4 tail ("::ffff:1.2.3.4") as two hex groups so one parser handles all forms.
    const n = v4ToInt(dotted[1]);
    s = s.slice(0, -dotted[1].length) + (n >>> 16).toString(16) + ":" + (n & 0xffff).toString(16);
  }
  const parse = (part: string) => (part ? part.split(":").map((x) => parseInt(x, 16)) : []);
  if (!s.includes("::")) return parse(s);
  const [head, rest] = s.split("::");
  const h = parse(head);
  const r = parse(rest);
  return [...h, ...Array(Math.max(0, 8 - h.length - r.length)).fill(0), ...r];
}

function isBlockedV6(ip: string): boolean {
  const g = v6Groups(ip);
  if (g.length !== 8) return true;
  const allZero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (allZero(0, 8)) return true; // ::
  if (allZero(0, 7) && g[7] === 1) return true; // ::1
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d: judge the embedded IPv4 address.
  if (allZero(0, 5) && (g[5] === 0xffff || g[5] === 0)) return isBlockedV4(`${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`);
  // NAT64 64:ff9b::/96 reaches the embedded IPv4 address too.
  if (g[0] === 0x64 && g[1] === 0xff9b && allZero(2, 6)) return isBlockedV4(`${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`);
  if ((g[0] & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g[0] & 0xffc0) === 0xfec0) return true; // site-local (deprecated) fec0::/10
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x2002) return isBlockedV4(`${g[1] >> 8}.${g[1] & 255}.${g[2] >> 8}.${g[2] & 255}`); // 6to4
  return false;
}

/** True when the address is not public unicast (loopback, private, link-local, reserved...). */
export function isPrivateAddress(ip: string): boolean {
  const v = isIP(ip.replace(/^\[|\]$/g, ""));
  if (v === 4) return isBlockedV4(ip);
  if (v === 6) return isBlockedV6(ip.replace(/^\[|\]$/g, ""));
  return true; // not an address at all: refuse rather than guess
}
