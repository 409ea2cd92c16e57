import type { AppDatabase, Db } from '../db/database.ts'
import type { Deps } from '../env.ts'
import { conflict } from '../errors.ts'
import { newId } from '../../shared/ids.ts'
import { DEFAULT_CASE_RULES, DEFAULT_SLA } from '../../shared/cases.ts'
import { DELIVERY_HEADER, SIGNATURE_HEADER, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_MINUTES, WEBHOOK_TIMEOUT_MS, type DeliveryStatus, type WebhookPayload } from '../../shared/alerts.ts'
import { ipVersion, isPublicAddress, webhookUrlProblem } from '../../shared/webhook-address.ts'
import { newWebhookSecret, signatureHeader, type WebhookNet } from '../lib/webhook-send.ts'
import {
  cancelPendingStatement,
  claimDeliveryStatement,
  findWebhook,
  insertDeliveryStatement,
  listDeliveries,
  listDueDeliveries,
  recordAttemptStatement,
  retargetPendingStatement,
  saveWebhookStatement,
  type AttemptOutcome,
} from '../db/repositories/webhooks.ts'

/**
 * The organisation's outgoing webhook (docs/alerts.md): its settings, and the sender that POSTs
 * queued deliveries (alertStatements queues one per new notification) signed with the
 * organisation's secret, refusing non-public destinations at send time, retrying with backoff.
 * The network is injected (WebhookNet): Node resolves and pins the address, Workers' fetch
 * resolves by itself, tests answer in-process.
 */

// ---- settings

/** Deliveries shown in the log. */
export const DELIVERY_LOG_SIZE = 50
const REMOVED = 'The webhook was removed before this delivery was sent'
/** A first case_settings row (the organisation's first webhook) starts with the default case rules and SLA. */
const NEW_ROW = { rules: JSON.stringify(DEFAULT_CASE_RULES), sla: JSON.stringify(DEFAULT_SLA) }

export interface DeliveryLogEntry {
  id: string
  kind: WebhookPayload['kind'] | 'unknown'
  title: string
  url: string
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: string | null
  lastStatus: number | null
  lastError: string
  createdAt: string
  deliveredAt: string | null
}

function payloadSummary(payload: string): { kind: DeliveryLogEntry['kind']; title: string } {
  try {
    const p = JSON.parse(payload) as Partial<WebhookPayload>
    return { kind: p.kind ?? 'unknown', title: p.title ?? '' }
  } catch {
    return { kind: 'unknown', title: '' }
  }
}

/** The address, whether a secret is set (never the secret), and the delivery log. */
export async function webhookSettings(db: Db, orgId: string) {
  const [row, deliveries] = await Promise.all([findWebhook(db, orgId), listDeliveries(db, orgId, DELIVERY_LOG_SIZE)])
  return {
    url: row?.webhook_url ?? '',
    secretSet: !!row?.webhook_secret,
    deliveries: deliveries.map(
      (d): DeliveryLogEntry => ({
        id: d.id,
        ...payloadSummary(d.payload),
        url: d.url,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
        lastStatus: d.last_status,
        lastError: d.last_error,
        createdAt: d.created_at,
        deliveredAt: d.delivered_at,
      }),
    ),
  }
}

interface Actor {
  orgId: string
  userId: string
  at: string
}

/**
 * Sets the webhook address. A secret is created when there is none and returned this once (null
 * otherwise: the existing secret stays). Pending deliveries follow the new address.
 */
export async function saveWebhook(database: AppDatabase, who: Actor, url: string): Promise<{ url: string; secret: string | null }> {
  const current = await findWebhook(database.db, who.orgId)
  const secret = current?.webhook_secret ? null : newWebhookSecret()
  await database.atomic([
    saveWebhookStatement(database.db, { orgId: who.orgId, url, secret: secret ?? current!.webhook_secret, ...NEW_ROW, by: who.userId, at: who.at }),
    retargetPendingStatement(database.db, who.orgId, url),
  ])
  return { url, secret }
}

/** A new secret, returned this once; the old one stops verifying at once (pending deliveries are signed when sent). */
export async function rotateWebhookSecret(database: AppDatabase, who: Actor): Promise<string> {
  const current = await findWebhook(database.db, who.orgId)
  if (!current?.webhook_url) throw conflict('Set the webhook address first')
  const secret = newWebhookSecret()
  await database.atomic([saveWebhookStatement(database.db, { orgId: who.orgId, url: current.webhook_url, secret, ...NEW_ROW, by: who.userId, at: who.at })])
  return secret
}

/** Removes the address and the secret; pending deliveries are given up. False when there was none. */
export async function removeWebhook(database: AppDatabase, who: Actor): Promise<boolean> {
  const current = await findWebhook(database.db, who.orgId)
  if (!current?.webhook_url) return false
  await database.atomic([
    saveWebhookStatement(database.db, { orgId: who.orgId, url: '', secret: '', ...NEW_ROW, by: who.userId, at: who.at }),
    cancelPendingStatement(database.db, who.orgId, REMOVED),
  ])
  return true
}

/** Queues a test delivery (kind 'test', no notification behind it) for the sender's next run. */
export async function queueTestDelivery(database: AppDatabase, who: Actor): Promise<{ id: string; payload: WebhookPayload }> {
  const current = await findWebhook(database.db, who.orgId)
  if (!current?.webhook_url) throw conflict('Set the webhook address first')
  const payload: WebhookPayload = {
    id: newId(),
    kind: 'test',
    title: 'Test delivery from Yardstick',
    body: 'Your webhook is set up: alerts will arrive here signed like this one.',
    link: '/settings/webhook',
    createdAt: who.at,
  }
  const id = newId()
  await database.atomic([insertDeliveryStatement(database.db, { id, orgId: who.orgId, notificationId: payload.id, url: current.webhook_url, payload: JSON.stringify(payload), at: who.at })])
  return { id, payload }
}

// ---- the sender

/**
 * When the attempt after `attempts` failed ones is due, or null when there is none left.
 * @example nextAttemptAt(1, t0) // t0 + 1 minute; nextAttemptAt(6, t0) // null: given up
 */
export function nextAttemptAt(attempts: number, failedAt: Date): string | null {
  if (attempts >= WEBHOOK_MAX_ATTEMPTS) return null
  const minutes = WEBHOOK_RETRY_MINUTES[attempts - 1]!
  return new Date(failedAt.getTime() + minutes * 60_000).toISOString()
}

/** Why one destination may not be contacted, or null. */
export type Verdict = { ok: true; address?: string } | { ok: false; error: string }

export interface SendOptions {
  now: () => Date
  log: Deps['log']
  /** Deliveries taken per run. */
  limit?: number
  /** Attempts in flight at once. */
  concurrency?: number
  timeoutMs?: number
  /**
   * Test-only: exact addresses allowed although not public, so a test can reach its own local
   * server through the real Node network. Nothing in the app sets it.
   */
  unsafeAllowAddresses?: ReadonlySet<string>
}

/**
 * May this URL be contacted now? The address rules (https, no literal non-public address, no local
 * name); then, with a resolver, every address the host resolves to must be public (one bad answer
 * refuses the host: round-robin DNS could hand it out next), and the first is the one to connect to.
 */
export async function vetDestination(url: URL, net: WebhookNet, allow: ReadonlySet<string> = new Set()): Promise<Verdict> {
  const problem = webhookUrlProblem(url.href)
  if (problem) return { ok: false, error: `Refused: the address ${problem}` }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (ipVersion(host)) return { ok: true, address: host }
  if (!net.resolve) return { ok: true }
  let addresses: string[]
  try {
    addresses = await net.resolve(host)
  } catch (err) {
    return { ok: false, error: `Could not resolve ${host}: ${err instanceof Error ? err.message : String(err)}` }
  }
  if (addresses.length === 0) return { ok: false, error: `Could not resolve ${host}: no addresses` }
  const bad = addresses.find((a) => !isPublicAddress(a) && !allow.has(a))
  if (bad) return { ok: false, error: `Refused: ${host} resolves to a non-public address (${bad})` }
  return { ok: true, address: addresses[0] }
}

interface Attempt {
  status: number | null
  error: string
}

async function attempt(d: { id: string; url: string; payload: string; secret: string }, net: WebhookNet, opts: SendOptions): Promise<Attempt> {
  let url: URL
  try {
    url = new URL(d.url)
  } catch {
    return { status: null, error: 'Refused: not a valid address' }
  }
  const verdict = await vetDestination(url, net, opts.unsafeAllowAddresses)
  if (!verdict.ok) return { status: null, error: verdict.error }
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS
  try {
    const res = await net.post({
      url,
      address: verdict.address,
      body: d.payload,
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Yardstick-Webhook/1',
        [SIGNATURE_HEADER]: await signatureHeader(d.secret, d.payload),
        [DELIVERY_HEADER]: d.id,
      },
    })
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: '' }
    if (res.status >= 300 && res.status < 400) return { status: res.status, error: `Redirect (HTTP ${res.status}) not followed: webhooks must answer 2xx at the address itself` }
    return { status: res.status, error: `HTTP ${res.status}` }
  } catch (err) {
    const name = err instanceof Error ? err.name : ''
    if (name === 'TimeoutError' || name === 'AbortError') return { status: null, error: `No answer within ${timeoutMs / 1000} s` }
    return { status: null, error: (err instanceof Error ? err.message : String(err)).slice(0, 300) }
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inTurn<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}

export interface SendSummary {
  delivered: number
  retrying: number
  failed: number
}

/**
 * One run of the sender: takes the due pending deliveries (claimed, so two runs never send the
 * same one), tries each once, and records the attempt: delivered on 2xx; otherwise the next
 * attempt after the backoff (WEBHOOK_RETRY_MINUTES), or failed after the last.
 */
export async function sendDueDeliveries(database: AppDatabase, net: WebhookNet, opts: SendOptions): Promise<SendSummary> {
  const db = database.db
  const started = opts.now()
  const due = await listDueDeliveries(db, started.toISOString(), opts.limit ?? 25)
  const summary: SendSummary = { delivered: 0, retrying: 0, failed: 0 }
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS
  await inTurn(due, opts.concurrency ?? 4, async (d) => {
    // The lease outlasts the attempt: a crashed sender's delivery is tried again once it ends.
    const lease = new Date(opts.now().getTime() + timeoutMs + 60_000).toISOString()
    const [claimed] = await database.atomic([claimDeliveryStatement(db, d.id, d.next_attempt_at, lease)])
    if (!claimed) return
    let outcome: AttemptOutcome
    if (!d.webhook_url) {
      outcome = { status: 'failed', attempts: d.attempts, nextAttemptAt: lease, lastStatus: null, lastError: REMOVED, deliveredAt: null }
    } else {
      const result = await attempt({ id: d.id, url: d.url, payload: d.payload, secret: d.webhook_secret ?? '' }, net, opts)
      const at = opts.now()
      const attempts = d.attempts + 1
      if (!result.error) {
        outcome = { status: 'delivered', attempts, nextAttemptAt: at.toISOString(), lastStatus: result.status, lastError: '', deliveredAt: at.toISOString() }
      } else {
        const next = nextAttemptAt(attempts, at)
        outcome = { status: next ? 'pending' : 'failed', attempts, nextAttemptAt: next ?? at.toISOString(), lastStatus: result.status, lastError: result.error, deliveredAt: null }
      }
    }
    await database.atomic([recordAttemptStatement(db, d.id, outcome)])
    if (outcome.status === 'delivered') summary.delivered++
    else if (outcome.status === 'failed') summary.failed++
    else summary.retrying++
    // The organisation and status only: the address may carry a token in its path.
    if (outcome.status !== 'delivered') opts.log({ level: 'warn', msg: 'webhook attempt failed', delivery: d.id, orgId: d.org_id, attempts: outcome.attempts, status: outcome.lastStatus, gaveUp: outcome.status === 'failed' })
  })
  return summary
}
