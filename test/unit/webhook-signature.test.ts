import { describe, expect, it } from 'vitest'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { hmacSha256Hex, newWebhookSecret, signatureHeader } from '../../server/lib/webhook-send.ts'

// The webhook signature: `sha256=<hex HMAC-SHA256 of the exact body, keyed with the secret>`.

describe('webhook signature', () => {
  it('matches RFC 4231 test case 2 (key "Jefe")', async () => {
    expect(await hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')
  })

  it('is the header a receiver verifies with its own HMAC over the raw body (docs/alerts.md)', async () => {
    const secret = 'whsec_test-secret'
    const body = JSON.stringify({ id: '01J0000000000000000000000A', kind: 'below_target', title: 'CSAT is below target at Leeds', body: 'Caf\u00e9 \u2264 80%', link: '/analytics/trend', createdAt: '2026-06-30T12:00:00.000Z' })
    const header = await signatureHeader(secret, body)
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/)
    // The receiver's side, as documented: node:crypto over the UTF-8 bytes, compared in constant time.
    const expected = `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
    expect(timingSafeEqual(Buffer.from(header), Buffer.from(expected))).toBe(true)
    // One changed byte of the body, or another secret, no longer verifies.
    expect(await signatureHeader(secret, body.replace('Leeds', 'Leeda'))).not.toBe(header)
    expect(await signatureHeader('whsec_other', body)).not.toBe(header)
  })

  it('creates secrets of 32 random bytes, different every time', () => {
    const a = newWebhookSecret()
    const b = newWebhookSecret()
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a.slice(6), 'base64url')).toHaveLength(32)
    expect(a).not.toBe(b)
  })
})
