import { request } from 'node:https'
import { lookup } from 'node:dns/promises'
import { isIP, type LookupFunction } from 'node:net'
import type { WebhookNet } from './webhook-send.ts'

/**
 * A lookup that answers only the vetted address: Node then connects there, whatever a second DNS
 * query would say now (DNS rebinding). Handles both callback shapes (`all` is set when Node tries
 * several addresses in turn, autoSelectFamily).
 */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address)
  return (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (err: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }])
    else callback(null, address, family)
  }
}

/**
 * Node: resolves with node:dns (every address, so the sender refuses the host if any is not
 * public) and POSTs over node:https to the vetted address only, the TLS certificate still checked
 * against the host name. No connection pooling, no redirects followed (node:https never does).
 * `testOnly.ca` trusts a test's own certificate authority; nothing in the app sets it.
 */
export function nodeWebhookNet(opts: { testOnly?: { ca?: string } } = {}): WebhookNet {
  return {
    async resolve(hostname) {
      const found = await lookup(hostname, { all: true, verbatim: true })
      return found.map((a) => a.address)
    },
    post(req) {
      return new Promise((resolve, reject) => {
        const hostname = req.url.hostname.replace(/^\[(.*)\]$/, '$1')
        const r = request(
          {
            protocol: 'https:',
            hostname,
            port: req.url.port || 443,
            path: `${req.url.pathname}${req.url.search}`,
            method: 'POST',
            headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
            signal: req.signal,
            agent: false,
            lookup: req.address && !isIP(hostname) ? pinnedLookup(req.address) : undefined,
            servername: isIP(hostname) ? undefined : hostname,
            ca: opts.testOnly?.ca,
          },
          (res) => {
            // Only the status counts: the body is drained unread.
            res.resume()
            resolve({ status: res.statusCode ?? 0 })
          },
        )
        r.on('error', reject)
        r.end(req.body)
      })
    },
  }
}
