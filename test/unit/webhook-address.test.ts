import { describe, expect, it } from 'vitest'
import { hostRefusal, isPublicAddress, parseIPv6, webhookUrlProblem } from '../../shared/webhook-address.ts'
import { ZWebhookInput } from '../../shared/alerts.ts'

// Where a webhook may go: public internet addresses over https only (docs/alerts.md, "Address rules").

const REFUSED = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'IPv6 loopback'],
  ['0.0.0.0', 'this network'],
  ['::', 'unspecified'],
  ['10.0.0.1', '10/8'],
  ['10.255.255.255', '10/8'],
  ['172.16.0.1', '172.16/12'],
  ['172.31.255.254', '172.16/12'],
  ['192.168.1.10', '192.168/16'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['100.64.0.1', 'CGNAT 100.64/10'],
  ['100.127.255.254', 'CGNAT 100.64/10'],
  ['224.0.0.251', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['fc00::1', 'unique-local fc00::/7'],
  ['fd12:3456:789a::1', 'unique-local fc00::/7'],
  ['fe80::1', 'link-local fe80::/10'],
  ['fe80::1%eth0', 'link-local with a zone'],
  ['febf:ffff::1', 'link-local fe80::/10 (upper end)'],
  ['ff02::1', 'IPv6 multicast'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::ffff:10.1.2.3', 'IPv4-mapped private'],
  ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
  ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
  ['2002:a00:1::1', '6to4 of 10.0.0.1'],
  ['2001:db8::1', 'IPv6 documentation'],
  ['2001::1', 'Teredo'],
  ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
  ['not-an-ip', 'not an address'],
] as const

const PUBLIC = ['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.0.1', '2606:4700:4700::1111', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']

describe('webhook address rules', () => {
  it.each(REFUSED)('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false)
  })

  it.each(PUBLIC)('allows the public address %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true)
  })

  it('reads IPv6 with shortening, an embedded IPv4 address and a zone', () => {
    expect(parseIPv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1])
    expect(parseIPv6('2001:db8::8:800:200c:417a')).toEqual([0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a])
    expect(parseIPv6('[fe80::1%25eth0]')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1])
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeNull()
    expect(parseIPv6('1::2::3')).toBeNull()
    expect(parseIPv6('12345::1')).toBeNull()
  })

  it('refuses http://, credentials, local names and non-public literal hosts in a URL', () => {
    const refused = [
      'http://hooks.example.com/yardstick',
      'ftp://hooks.example.com/',
      'https://user:pass@hooks.example.com/',
      'https://localhost/hook',
      'https://LOCALHOST./hook',
      'https://api.localhost/hook',
      'https://printer.local/',
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://router.home.arpa/',
      'https://intranet/',
      'https://127.0.0.1/',
      'https://0.0.0.0/',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[fd00::1]:8443/',
      'https://169.254.169.254/latest/meta-data/',
      // Shorthand and hex IPv4 forms the URL parser turns into 127.0.0.1 and 10.0.0.1.
      'https://2130706433/',
      'https://0x7f.1/',
      'https://012.0.0.1/',
      'not a url',
      '',
    ]
    for (const url of refused) expect(webhookUrlProblem(url), url).not.toBeNull()
    expect(webhookUrlProblem('http://hooks.example.com/')).toBe('must use https://')
  })

  it('allows public https addresses, with a port, path and query', () => {
    for (const url of ['https://hooks.example.com/yardstick', 'https://hooks.slack.com/services/T000/B000/XXXX', 'https://93.184.216.34:8443/hook?team=ops', 'https://[2606:4700:4700::1111]/hook'])
      expect(webhookUrlProblem(url), url).toBeNull()
    expect(hostRefusal('hooks.example.com')).toBeNull()
  })

  it('names body.url through the shared schema the API and the form validate with', () => {
    const bad = ZWebhookInput.safeParse({ url: 'http://hooks.example.com' })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['url', 'must use https://']])
    expect(ZWebhookInput.parse({ url: '  https://hooks.example.com/x  ' })).toEqual({ url: 'https://hooks.example.com/x' })
  })
})
