import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Deps, Env } from '../env.ts'
import { AppError } from '../errors.ts'

/** One budget: `limit` requests per `windowMs` for each key that `key` returns. */
export interface RateLimitRule {
  name: string
  limit: number
  windowMs: number
  key(c: Context<Env>): string
}

interface Bucket {
  tokens: number
  at: number
}

/** Keys kept per app before full (idle) buckets are dropped: bounds memory under a key-spraying flood. */
const MAX_KEYS = 50_000

function prune(store: Map<string, Bucket>, rules: Map<string, RateLimitRule>, now: number) {
  for (const [k, b] of store) {
    const rule = rules.get(k.slice(0, k.indexOf('|')))
    if (!rule || b.tokens + (Math.max(0, now - b.at) * rule.limit) / rule.windowMs >= rule.limit) store.delete(k)
  }
  // Still too many live keys: drop the least recently used.
  for (const k of store.keys()) {
    if (store.size <= MAX_KEYS / 2) break
    store.delete(k)
  }
}

/**
 * Token buckets: each key holds up to `limit` tokens (a burst of a full window is allowed, so a
 * queue of kiosk answers sent when the network comes back is not refused) and regains them at
 * `limit / windowMs`. A request takes one token from every rule's bucket, or from none: it is
 * refused with 429, a Retry-After and the standard error body if any bucket is empty. Time comes
 * from deps.now(), so tests can move the clock.
 */
export function rateLimit(rules: RateLimitRule[]) {
  const byName = new Map(rules.map((r) => [r.name, r] as const))
  // Each app (each Deps) has its own buckets. On Node that is the one server process; on Workers
  // it is one isolate, so the limits hold per isolate, not across Cloudflare's network: they stop
  // a flood from one client on one isolate, and the per-link rules bound what any one link takes.
  const stores = new WeakMap<Deps, Map<string, Bucket>>()
  return createMiddleware<Env>(async function rateLimit(c, next) {
    let store = stores.get(c.var.deps)
    if (!store) stores.set(c.var.deps, (store = new Map()))
    const now = c.var.deps.now().getTime()
    const taken: [string, number][] = []
    let waitMs = 0
    for (const rule of rules) {
      const key = `${rule.name}|${rule.key(c)}`
      const b = store.get(key)
      const tokens = b ? Math.min(rule.limit, b.tokens + (Math.max(0, now - b.at) * rule.limit) / rule.windowMs) : rule.limit
      if (tokens < 1) waitMs = Math.max(waitMs, ((1 - tokens) * rule.windowMs) / rule.limit)
      taken.push([key, tokens])
    }
    // A refused request changes no bucket (and adds no key).
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000))
      throw new AppError('rate_limited', `Too many requests; please try again in ${seconds} s`, undefined, { 'Retry-After': String(seconds) })
    }
    for (const [key, tokens] of taken) {
      // Re-inserted so the Map's order is least recently used first (see prune).
      store.delete(key)
      store.set(key, { tokens: tokens - 1, at: now })
    }
    if (store.size > MAX_KEYS) prune(store, byName, now)
    await next()
  })
}

const MINUTE = 60_000
const byAddress = (c: Context<Env>) => c.var.deps.clientAddress(c)
const byLink = (c: Context<Env>) => c.req.param('token') ?? ''

/**
 * Limits of the public survey endpoints, per client address (from the connection, never a header)
 * and per link token. Generous on purpose: a kiosk, or a whole venue behind one address (shop
 * Wi-Fi, a mobile carrier's shared address), is one client here.
 * - Submissions: 120 a minute per address is one every half second, sustained, far above what a
 *   kiosk (one customer every 20-30 s) or a venue's guests send, and a kiosk's offline queue of up
 *   to 120 answers goes through at once; 3000 a minute per link (50 a second) is above any real
 *   link's rush, while no single link can take the server's whole write capacity.
 * - Page views: 600 a minute per address (10 a second: a venue's guests scanning one table code),
 *   6000 per link.
 * - Progress events (start, question reached): a respondent sends one per question, so 40 per
 *   submission allowed: 4800 a minute per address, 60000 per link.
 */
export const PUBLIC_LIMITS = {
  view: { perAddress: 600, perLink: 6000, windowMs: MINUTE },
  submit: { perAddress: 120, perLink: 3000, windowMs: MINUTE },
  event: { perAddress: 4800, perLink: 60000, windowMs: MINUTE },
} as const

export type PublicLimits = { [K in keyof typeof PUBLIC_LIMITS]: { perAddress: number; perLink: number; windowMs: number } }

let active: PublicLimits | null = PUBLIC_LIMITS

/**
 * Replaces the public limits for this process; null turns them off. For load tests only: their
 * generator is one address sending thousands of submissions a second, and they measure the write
 * path, not the limiter.
 */
export function setPublicLimits(limits: PublicLimits | null) {
  active = limits
}

/** The limiter of one kind of public request (see PUBLIC_LIMITS). */
export function publicRateLimit(kind: keyof typeof PUBLIC_LIMITS) {
  const rules = (l: PublicLimits[typeof kind]) => [
    { name: `${kind}:address`, limit: l.perAddress, windowMs: l.windowMs, key: byAddress },
    { name: `${kind}:link`, limit: l.perLink, windowMs: l.windowMs, key: byLink },
  ]
  let built: { limits: PublicLimits[typeof kind]; mw: ReturnType<typeof rateLimit> } | undefined
  return createMiddleware<Env>(async function publicRateLimit(c, next) {
    const limits = active?.[kind]
    if (!limits) return next()
    if (built?.limits !== limits) built = { limits, mw: rateLimit(rules(limits)) }
    return built.mw(c, next)
  })
}
