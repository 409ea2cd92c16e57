/**
 * Where an outgoing webhook may be sent (docs/alerts.md, "Address rules"). A webhook address is a
 * URL an admin types, and the server then POSTs to it: without these rules it could be pointed at
 * the server's own loopback, the cloud metadata service (169.254.169.254) or anything else on the
 * private network (server-side request forgery). Pure: checked when the address is saved (here,
 * and in the web form, with the same code) and again at send time against every address the host
 * resolves to (server/domain/webhooks.ts).
 */

/** The four bytes of a dotted-quad IPv4 address, or null. Only the canonical form (URL hosts are normalised to it). */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  const out: number[] = []
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null
    const n = Number(p)
    if (n > 255) return null
    out.push(n)
  }
  return out
}

/**
 * The eight 16-bit groups of an IPv6 address (with `::` shortening, a trailing dotted quad and a
 * `%zone`), or null.
 */
export function parseIPv6(text: string): number[] | null {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  const zone = s.indexOf('%')
  if (zone >= 0) s = s.slice(0, zone)
  if (!s.includes(':')) return null
  const lastColon = s.lastIndexOf(':')
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1))
    if (!v4) return null
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`
  }
  const halves = s.split('::')
  if (halves.length > 2) return null
  const group = (g: string) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)
  const head = halves[0] ? halves[0].split(':').map(group) : []
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':').map(group) : []
  if ([...head, ...rest].some(Number.isNaN)) return null
  const known = head.length + rest.length
  if (halves.length === 1) return known === 8 ? head : null
  if (known > 7) return null
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest]
}

type V4Range = readonly [a: number, b: number, c: number, d: number, bits: number]

/**
 * IPv4 ranges that are not the public internet (IANA special-purpose registry): this network,
 * private (RFC 1918), shared CGNAT space, loopback, link-local (cloud metadata), IETF protocol
 * assignments, documentation, 6to4 relay, benchmarking, multicast, reserved and broadcast.
 */
const V4_REFUSED: readonly V4Range[] = [
  [0, 0, 0, 0, 8],
  [10, 0, 0, 0, 8],
  [100, 64, 0, 0, 10],
  [127, 0, 0, 0, 8],
  [169, 254, 0, 0, 16],
  [172, 16, 0, 0, 12],
  [192, 0, 0, 0, 24],
  [192, 0, 2, 0, 24],
  [192, 88, 99, 0, 24],
  [192, 168, 0, 0, 16],
  [198, 18, 0, 0, 15],
  [198, 51, 100, 0, 24],
  [203, 0, 113, 0, 24],
  [224, 0, 0, 0, 4],
  [240, 0, 0, 0, 4],
]

const v4Number = (b: readonly number[]) => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0

function publicV4(bytes: readonly number[]): boolean {
  const ip = v4Number(bytes)
  for (const [a, b, c, d, bits] of V4_REFUSED) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
    if ((ip & mask) >>> 0 === (v4Number([a, b, c, d]) & mask) >>> 0) return false
  }
  return true
}

/**
 * IPv6: only global unicast (2000::/3) is public, less its special blocks (IETF protocol
 * assignments and Teredo 2001::/23, documentation 2001:db8::/32 and 3fff::/20); 6to4 (2002::/16)
 * and NAT64 (64:ff9b::/96) addresses are judged by the IPv4 address inside them, and IPv4-mapped
 * ones (::ffff:a.b.c.d) are IPv4. Loopback, unspecified, unique-local (fc00::/7), link-local
 * (fe80::/10), site-local and multicast (ff00::/8) all fall outside 2000::/3.
 */
function publicV6(g: readonly number[]): boolean {
  const v4At = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]
  // ::ffff:a.b.c.d (IPv4-mapped)
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) return publicV4(v4At(g[6]!, g[7]!))
  // 64:ff9b::a.b.c.d (the well-known NAT64 prefix)
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0) return publicV4(v4At(g[6]!, g[7]!))
  if ((g[0]! & 0xe000) !== 0x2000) return false
  if (g[0] === 0x2001 && g[1]! < 0x0200) return false
  if (g[0] === 0x2001 && g[1] === 0x0db8) return false
  if ((g[0]! & 0xfff0) === 0x3ff0) return false
  if (g[0] === 0x2002) return publicV4(v4At(g[1]!, g[2]!))
  return true
}

/** An IP literal's kind, or null when the text is not an IP address. */
export function ipVersion(text: string): 4 | 6 | null {
  if (parseIPv4(text)) return 4
  if (parseIPv6(text)) return 6
  return null
}

/**
 * True when an IP address (IPv4 or IPv6, as a resolver or a URL host gives it) is on the public
 * internet; false for anything private, loopback, link-local, CGNAT, multicast, unique-local,
 * reserved, or not an IP address at all.
 * @example isPublicAddress('93.184.216.34') // true
 * @example isPublicAddress('::ffff:127.0.0.1') // false (IPv4-mapped loopback)
 */
export function isPublicAddress(ip: string): boolean {
  const v4 = parseIPv4(ip)
  if (v4) return publicV4(v4)
  const v6 = parseIPv6(ip)
  if (v6) return publicV6(v6)
  return false
}

/**
 * Host names that are local by definition or convention (RFC 6761, RFC 6762, RFC 8375, common
 * private suffixes), and reserved names that never resolve publicly.
 */
const LOCAL_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home.arpa', 'arpa', 'test', 'invalid', 'example', 'onion']

/**
 * Why a URL host may not receive webhooks, or null when it may (as far as can be told without
 * resolving it). `host` is a URL's `hostname` (lower case, IPv6 in brackets, IPv4 normalised).
 */
export function hostRefusal(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '')
  if (!name) return 'has no host'
  const literal = name.startsWith('[') ? name.slice(1, -1) : name
  if (ipVersion(literal)) return isPublicAddress(literal) ? null : 'is a private, loopback or otherwise non-public address'
  // Anything else that looks numeric is an IP in a form the URL parser did not normalise.
  if (/^[\d.]+$/.test(name) || name.includes(':')) return 'is not a valid host'
  if (LOCAL_SUFFIXES.some((s) => name === s || name.endsWith(`.${s}`))) return 'is a local or reserved host name'
  if (!name.includes('.')) return 'must be a fully qualified host name (e.g. hooks.example.com)'
  return null
}

/** The longest webhook address accepted. */
export const WEBHOOK_URL_MAX = 2000

/**
 * What is wrong with a webhook address, or null when it may be used: an https URL, without user
 * name or password, whose host is not local or a non-public IP address. Messages are predicates
 * ("must use https://") so a form can prefix the field's label.
 */
export function webhookUrlProblem(text: string): string | null {
  if (text.length > WEBHOOK_URL_MAX) return `must be at most ${WEBHOOK_URL_MAX} characters`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'must be a full address starting with https://'
  }
  if (url.protocol !== 'https:') return 'must use https://'
  if (url.username || url.password) return 'must not contain a user name or password'
  const host = hostRefusal(url.hostname)
  return host ? `host ${host}` : null
}
