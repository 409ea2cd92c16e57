/**
 * Sending a webhook: the signature (Web Crypto, the same on Node and Workers) and the runtime's
 * network as an injected dependency, so the sender (server/domain/webhooks.ts) decides what may be
 * contacted and tests replace the network entirely. The Node network (resolve, then connect only
 * to the vetted address) is in webhook-send-node.ts, kept apart so the Workers bundle never
 * imports node:https.
 */

const enc = new TextEncoder()

/** Lower-case hex of the HMAC-SHA256 of `body` keyed with the secret's UTF-8 bytes. */
export async function hmacSha256Hex(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(body)))
  let hex = ''
  for (const b of mac) hex += b.toString(16).padStart(2, '0')
  return hex
}

/** The `x-yardstick-signature` header's value: `sha256=<hex HMAC-SHA256 of the body>`. */
export async function signatureHeader(secret: string, body: string): Promise<string> {
  return `sha256=${await hmacSha256Hex(secret, body)}`
}

/** A fresh signing secret: 32 random bytes, base64url, with a prefix secret scanners recognise. */
export function newWebhookSecret(): string {
  const bytes = new Uint8Array(32)
  crypto.getRandomValues(bytes)
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return `whsec_${btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
}

export interface WebhookRequest {
  url: URL
  headers: Record<string, string>
  body: string
  /** Aborts the attempt (the 10 s timeout). */
  signal: AbortSignal
  /**
   * The vetted address to connect to (from `resolve`): the connection must go there and nowhere
   * else, so a second DNS answer cannot swap in a private address. Undefined where `resolve` is null.
   */
  address?: string
}

export interface WebhookNet {
  /**
   * Every address a host name resolves to; null where the runtime's fetch resolves by itself and
   * cannot be told where to connect (Workers: only literal addresses and local names can be refused).
   */
  resolve: ((hostname: string) => Promise<string[]>) | null
  /** POSTs once, following no redirect: resolves with the response status, rejects when no response came. */
  post(request: WebhookRequest): Promise<{ status: number }>
}

/**
 * Workers: the platform's fetch, redirects returned as they are (`redirect: 'manual'`). Workers'
 * fetch cannot reach the account's private network, and the sender refuses literal non-public
 * addresses and local names before calling it.
 */
export function fetchWebhookNet(fetcher: typeof fetch = fetch): WebhookNet {
  return {
    resolve: null,
    async post(req) {
      const res = await fetcher(req.url.toString(), { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: req.signal })
      // The body is not read: only the status counts, and an unread body would hold the connection.
      await res.body?.cancel().catch(() => {})
      return { status: res.status }
    },
  }
}
