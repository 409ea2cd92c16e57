import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addUser, createOrgDirect, makeHarness, setupOrg, type Client, type Harness } from '../helpers/harness.ts'
import { DEFAULT_CASE_RULES } from '../../shared/cases.ts'
import { WEBHOOK_RETRY_MINUTES } from '../../shared/alerts.ts'
import { alertStatements } from '../../server/db/repositories/notifications.ts'
import { sendDueDeliveries, type SendOptions } from '../../server/domain/webhooks.ts'
import { startAlertLoop } from '../../server/domain/alerts.ts'
import { nodeWebhookNet } from '../../server/lib/webhook-send-node.ts'
import type { WebhookNet, WebhookRequest } from '../../server/lib/webhook-send.ts'

// The webhook settings (/api/settings/webhook) and the sender. The network is always injected: a
// fake resolver and a fake POST that record what would have been sent, or, for the Node network
// itself, a local https server reached only through the explicit test-only allowance.

const T0 = new Date('2026-06-30T12:00:00.000Z')
const HOOK = 'https://hooks.example.net/yardstick?team=ops'

/** A network that answers from a script: the addresses the host resolves to, and each POST's status. */
function fakeNet(script: { addresses?: () => string[]; status?: (req: WebhookRequest) => number | Promise<number> } = {}) {
  const sent: WebhookRequest[] = []
  const resolved: string[] = []
  const net: WebhookNet = {
    resolve: async (host) => {
      resolved.push(host)
      return script.addresses?.() ?? ['93.184.216.34']
    },
    post: async (req) => {
      sent.push(req)
      return { status: await (script.status?.(req) ?? 200) }
    },
  }
  return { net, sent, resolved }
}

async function world(): Promise<{ h: Harness; admin: Client; orgId: string }> {
  const h = await makeHarness({ now: T0 })
  const admin = await setupOrg(h)
  const orgId = (await h.deps.database.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id
  return { h, admin, orgId }
}

const opts = (h: Harness, extra: Partial<SendOptions> = {}): SendOptions => ({ now: h.deps.now, log: h.deps.log, ...extra })

function delivery(h: Harness, id: string) {
  return h.deps.database.db.selectFrom('webhook_delivery').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Raises an alert as a producer would (its delivery queued when the organisation has a webhook). */
async function raiseAlert(h: Harness, orgId: string, key: string) {
  await h.deps.database.atomic(alertStatements(h.deps.database.db, { orgId, kind: 'sla_breach', dedupeKey: key, title: `Case ${key} breached its SLA`, body: 'Due 2 hours ago', link: `/cases/${key}` }, h.deps.now().toISOString()))
}

describe('webhook settings', () => {
  it('validates the address naming body.url, shows the secret once, rotates it, and removes the webhook', async () => {
    const { h, admin, orgId } = await world()
    expect((await admin.get('/api/settings/webhook')).body).toEqual({ url: '', secretSet: false, deliveries: [] })

    for (const [url, message] of [
      ['http://hooks.example.net/x', 'must use https://'],
      ['https://10.0.0.7/hook', 'host is a private, loopback or otherwise non-public address'],
      ['https://localhost/hook', 'host is a local or reserved host name'],
      ['https://[::ffff:127.0.0.1]/hook', 'host is a private, loopback or otherwise non-public address'],
      ['hooks.example.net', 'must be a full address starting with https://'],
      ['', 'is required'],
    ]) {
      const r = await admin.put('/api/settings/webhook', { url })
      expect(r.status, url).toBe(400)
      expect(r.body.error.code).toBe('validation_failed')
      expect(r.body.error.issues).toEqual([{ path: 'body.url', message }])
    }
    expect((await admin.put('/api/settings/webhook', {})).body.error.issues[0].path).toBe('body.url')

    const saved = await admin.put('/api/settings/webhook', { url: HOOK })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ url: HOOK, secretSet: true, secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/) })
    const secret = saved.body.secret as string
    // Never shown again: not by GET, not when the address changes.
    const read = await admin.get('/api/settings/webhook')
    expect(read.body).toEqual({ url: HOOK, secretSet: true, deliveries: [] })
    expect(JSON.stringify(read.body)).not.toContain(secret.slice(6))
    const moved = await admin.put('/api/settings/webhook', { url: 'https://hooks.example.net/v2' })
    expect(moved.body).toEqual({ url: 'https://hooks.example.net/v2', secretSet: true, secret: null })
    // The first webhook created the organisation's case settings with the default rules and SLA.
    const settings = await h.deps.database.db.selectFrom('case_settings').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow()
    expect(JSON.parse(settings.rules)).toEqual(DEFAULT_CASE_RULES)
    expect(settings.webhook_secret).toBe(secret)

    const rotated = await admin.post('/api/settings/webhook/rotate-secret')
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).toMatch(/^whsec_/)
    expect(rotated.body.secret).not.toBe(secret)
    expect(JSON.stringify((await admin.get('/api/settings/webhook')).body)).not.toContain(rotated.body.secret.slice(6))

    // A queued delivery is given up when the webhook is removed.
    const test = await admin.post('/api/settings/webhook/test')
    expect(test.status).toBe(201)
    expect((await admin.del('/api/settings/webhook')).body).toEqual({ ok: true })
    const after = await admin.get('/api/settings/webhook')
    expect(after.body).toMatchObject({ url: '', secretSet: false })
    expect(after.body.deliveries).toEqual([expect.objectContaining({ id: test.body.delivery.id, kind: 'test', status: 'failed', attempts: 0, lastError: expect.stringContaining('removed') })])
    expect((await admin.del('/api/settings/webhook')).status).toBe(404)
    expect((await admin.post('/api/settings/webhook/test')).status).toBe(409)
    expect((await admin.post('/api/settings/webhook/rotate-secret')).status).toBe(409)
    // The case rules stay when the webhook goes.
    expect(JSON.parse((await h.deps.database.db.selectFrom('case_settings').select('rules').where('org_id', '=', orgId).executeTakeFirstOrThrow()).rules)).toEqual(DEFAULT_CASE_RULES)
  })

  it('keeps the case rules an organisation already has', async () => {
    const { h, admin, orgId } = await world()
    const rules = { ...DEFAULT_CASE_RULES, repeatThreshold: 5 }
    await h.deps.database.db.insertInto('case_settings').values({ org_id: orgId, rules: JSON.stringify(rules), sla: '{"timeZone":"Europe/Paris"}', updated_by: null, updated_at: T0.toISOString() }).execute()
    expect((await admin.put('/api/settings/webhook', { url: HOOK })).body.secret).toMatch(/^whsec_/)
    const row = await h.deps.database.db.selectFrom('case_settings').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow()
    expect(JSON.parse(row.rules)).toEqual(rules)
    expect(row.sla).toBe('{"timeZone":"Europe/Paris"}')
  })

  it('is for admins only: managers, analysts and reviewers get 403, and nobody signed out gets in', async () => {
    const { h, admin } = await world()
    await admin.put('/api/settings/webhook', { url: HOOK })
    for (const role of ['manager', 'analyst', 'reviewer']) {
      const c = await addUser(h, admin, role, `${role}@acme.example`)
      for (const r of [
        await c.get('/api/settings/webhook'),
        await c.put('/api/settings/webhook', { url: 'https://attacker.example.com/' }),
        await c.post('/api/settings/webhook/rotate-secret'),
        await c.post('/api/settings/webhook/test'),
        await c.del('/api/settings/webhook'),
      ]) {
        expect(r.status, role).toBe(403)
        expect(r.body.error.code).toBe('forbidden')
      }
    }
    expect((await admin.get('/api/settings/webhook')).body.url).toBe(HOOK)
    const anonymous = await h.app.request('/api/settings/webhook')
    expect(anonymous.status).toBe(401)
  })

  it('keeps each organisation to its own webhook and delivery log', async () => {
    const { h, admin } = await world()
    const other = await createOrgDirect(h, 'Other Org', 'admin@other.example')
    await admin.put('/api/settings/webhook', { url: HOOK })
    const mine = await admin.post('/api/settings/webhook/test')
    expect((await other.get('/api/settings/webhook')).body).toEqual({ url: '', secretSet: false, deliveries: [] })
    await other.put('/api/settings/webhook', { url: 'https://other.example.org/hook' })
    const theirs = await other.post('/api/settings/webhook/test')
    expect((await admin.get('/api/settings/webhook')).body.deliveries.map((d: any) => d.id)).toEqual([mine.body.delivery.id])
    expect((await other.get('/api/settings/webhook')).body.deliveries.map((d: any) => d.id)).toEqual([theirs.body.delivery.id])
    // Removing one organisation's webhook leaves the other's deliveries alone.
    await other.del('/api/settings/webhook')
    expect((await delivery(h, mine.body.delivery.id)).status).toBe('pending')
  })
})

describe('the webhook sender', () => {
  it('delivers on 2xx, signed with the secret, to the address it vetted', async () => {
    const { h, admin, orgId } = await world()
    const secret = (await admin.put('/api/settings/webhook', { url: HOOK })).body.secret as string
    await raiseAlert(h, orgId, 'case-1')
    const { net, sent, resolved } = fakeNet({ status: () => 204 })
    expect(await sendDueDeliveries(h.deps.database, net, opts(h))).toEqual({ delivered: 1, retrying: 0, failed: 0 })

    expect(resolved).toEqual(['hooks.example.net'])
    expect(sent).toHaveLength(1)
    const req = sent[0]!
    const notification = await h.deps.database.db.selectFrom('notification').selectAll().executeTakeFirstOrThrow()
    const row = await h.deps.database.db.selectFrom('webhook_delivery').selectAll().executeTakeFirstOrThrow()
    expect(req.url.href).toBe(HOOK)
    expect(req.address).toBe('93.184.216.34')
    expect(JSON.parse(req.body)).toEqual({ id: notification.id, kind: 'sla_breach', title: 'Case case-1 breached its SLA', body: 'Due 2 hours ago', link: '/cases/case-1', createdAt: T0.toISOString() })
    expect(req.headers['content-type']).toBe('application/json')
    expect(req.headers['x-yardstick-delivery']).toBe(row.id)
    expect(req.headers['x-yardstick-signature']).toBe(`sha256=${createHmac('sha256', secret).update(req.body).digest('hex')}`)
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status: 204, last_error: '', delivered_at: T0.toISOString() })

    const log = (await admin.get('/api/settings/webhook')).body.deliveries
    expect(log).toEqual([{ id: row.id, kind: 'sla_breach', title: 'Case case-1 breached its SLA', url: HOOK, status: 'delivered', attempts: 1, nextAttemptAt: null, lastStatus: 204, lastError: '', createdAt: T0.toISOString(), deliveredAt: T0.toISOString() }])
    // Nothing left to send.
    expect(await sendDueDeliveries(h.deps.database, net, opts(h))).toEqual({ delivered: 0, retrying: 0, failed: 0 })
    expect(sent).toHaveLength(1)
  })

  it('counts a redirect as a failure and does not follow it', async () => {
    const { h, admin } = await world()
    await admin.put('/api/settings/webhook', { url: HOOK })
    const id = (await admin.post('/api/settings/webhook/test')).body.delivery.id
    const { net, sent } = fakeNet({ status: () => 302 })
    expect(await sendDueDeliveries(h.deps.database, net, opts(h))).toEqual({ delivered: 0, retrying: 1, failed: 0 })
    expect(sent.map((r) => r.url.href)).toEqual([HOOK])
    expect(await delivery(h, id)).toMatchObject({ status: 'pending', attempts: 1, last_status: 302, last_error: expect.stringContaining('Redirect (HTTP 302) not followed'), next_attempt_at: '2026-06-30T12:01:00.000Z' })
  })

  it('refuses a private address at send time although the host resolved publicly when it was saved', async () => {
    const { h, admin, orgId } = await world()
    await admin.put('/api/settings/webhook', { url: HOOK })
    let answer = ['93.184.216.34']
    const { net, sent } = fakeNet({ addresses: () => answer })
    await raiseAlert(h, orgId, 'case-1')
    expect((await sendDueDeliveries(h.deps.database, net, opts(h))).delivered).toBe(1)

    // The host now answers with a private address beside the public one (DNS rebinding).
    answer = ['93.184.216.34', '10.0.0.5']
    await raiseAlert(h, orgId, 'case-2')
    expect(await sendDueDeliveries(h.deps.database, net, opts(h))).toEqual({ delivered: 0, retrying: 1, failed: 0 })
    expect(sent).toHaveLength(1)
    const refused = await h.deps.database.db.selectFrom('webhook_delivery').selectAll().where('status', '=', 'pending').executeTakeFirstOrThrow()
    expect(refused).toMatchObject({ attempts: 1, last_status: null, last_error: 'Refused: hooks.example.net resolves to a non-public address (10.0.0.5)' })

    // IPv4-mapped loopback from the resolver, and a literal private address stored before the rules: refused too, never posted.
    answer = ['::ffff:127.0.0.1']
    h.setNow(new Date(T0.getTime() + 60_000))
    await sendDueDeliveries(h.deps.database, net, opts(h))
    expect((await delivery(h, refused.id)).last_error).toContain('(::ffff:127.0.0.1)')
    await h.deps.database.db.updateTable('webhook_delivery').set({ url: 'https://169.254.169.254/latest/meta-data/', next_attempt_at: T0.toISOString() }).where('id', '=', refused.id).execute()
    await sendDueDeliveries(h.deps.database, net, opts(h))
    expect((await delivery(h, refused.id)).last_error).toBe('Refused: the address host is a private, loopback or otherwise non-public address')
    expect(sent).toHaveLength(1)
  })

  it('on Workers (no resolver) still refuses literal non-public addresses and local names', async () => {
    const { h, admin } = await world()
    await admin.put('/api/settings/webhook', { url: HOOK })
    const id = (await admin.post('/api/settings/webhook/test')).body.delivery.id
    const sent: WebhookRequest[] = []
    const net: WebhookNet = { resolve: null, post: async (req) => (sent.push(req), { status: 200 }) }
    for (const url of ['https://127.0.0.1/x', 'https://[fd00::1]/x', 'https://api.localhost/x', 'http://hooks.example.net/x']) {
      await h.deps.database.db.updateTable('webhook_delivery').set({ url, next_attempt_at: T0.toISOString() }).where('id', '=', id).execute()
      await sendDueDeliveries(h.deps.database, net, opts(h))
      expect((await delivery(h, id)).last_error, url).toMatch(/^Refused: /)
    }
    expect(sent).toHaveLength(0)
    await h.deps.database.db.updateTable('webhook_delivery').set({ url: HOOK, next_attempt_at: T0.toISOString() }).where('id', '=', id).execute()
    await sendDueDeliveries(h.deps.database, net, opts(h))
    expect(sent.map((r) => [r.url.href, r.address])).toEqual([[HOOK, undefined]])
    expect((await delivery(h, id)).status).toBe('delivered')
  })

  it('retries with backoff (1 min, 5 min, 30 min, 2 h, 12 h), then gives up', async () => {
    const { h, admin } = await world()
    await admin.put('/api/settings/webhook', { url: HOOK })
    const id = (await admin.post('/api/settings/webhook/test')).body.delivery.id
    let fail: 'status' | 'network' | 'timeout' = 'status'
    const { net, sent } = fakeNet({
      status: (req) => {
        if (fail === 'network') throw new Error('connect ECONNREFUSED 93.184.216.34:443')
        if (fail === 'timeout')
          return new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason as Error)))
        return 500
      },
    })
    let now = T0.getTime()
    const gaps: number[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      fail = attempt === 2 ? 'network' : attempt === 3 ? 'timeout' : 'status'
      const before = await delivery(h, id)
      // Not yet due a second before its time: nothing is sent.
      if (attempt > 1) {
        h.setNow(new Date(Date.parse(before.next_attempt_at) - 1000))
        await sendDueDeliveries(h.deps.database, net, opts(h, { timeoutMs: 50 }))
        expect(sent).toHaveLength(attempt - 1)
      }
      now = Date.parse(before.next_attempt_at)
      h.setNow(new Date(now))
      await sendDueDeliveries(h.deps.database, net, opts(h, { timeoutMs: 50 }))
      expect(sent).toHaveLength(attempt)
      const row = await delivery(h, id)
      expect(row.attempts).toBe(attempt)
      if (attempt === 2) expect(row).toMatchObject({ last_status: null, last_error: 'connect ECONNREFUSED 93.184.216.34:443' })
      else if (attempt === 3) expect(row).toMatchObject({ last_status: null, last_error: 'No answer within 0.05 s' })
      else expect(row).toMatchObject({ last_status: 500, last_error: 'HTTP 500' })
      if (attempt < 6) {
        expect(row.status).toBe('pending')
        gaps.push((Date.parse(row.next_attempt_at) - now) / 60_000)
      } else {
        expect(row.status).toBe('failed')
      }
    }
    expect(gaps).toEqual([...WEBHOOK_RETRY_MINUTES])
    // Given up: never tried again.
    h.setNow(new Date(now + 7 * 86_400_000))
    await sendDueDeliveries(h.deps.database, net, opts(h))
    expect(sent).toHaveLength(6)
    expect((await admin.get('/api/settings/webhook')).body.deliveries[0]).toMatchObject({ status: 'failed', attempts: 6, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: null })
  })

  it('sends each due delivery once when two senders run at the same time', async () => {
    const { h, admin } = await world()
    await admin.put('/api/settings/webhook', { url: HOOK })
    for (let i = 0; i < 5; i++) await admin.post('/api/settings/webhook/test')
    const { net, sent } = fakeNet({ status: async () => (await new Promise((r) => setTimeout(r, 5)), 200) })
    const [a, b] = await Promise.all([sendDueDeliveries(h.deps.database, net, opts(h)), sendDueDeliveries(h.deps.database, net, opts(h))])
    expect(a.delivered + b.delivered).toBe(5)
    expect(new Set(sent.map((r) => r.headers['x-yardstick-delivery'])).size).toBe(5)
    expect(sent).toHaveLength(5)
  })
})

describe('the Node background loop', () => {
  it('sends due deliveries every interval and stops cleanly, the run in progress finished first', async () => {
    const { h, admin, orgId } = await world()
    await admin.put('/api/settings/webhook', { url: HOOK })
    await raiseAlert(h, orgId, 'case-1')
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const { net, sent } = fakeNet({ status: async () => (await gate, 200) })
    const loop = startAlertLoop(h.deps.database, net, { now: h.deps.now, log: h.deps.log, minSample: 30, sendEveryMs: 10 })
    while (sent.length === 0) await new Promise((r) => setTimeout(r, 5))
    // Stopping waits for the attempt in flight, which is then recorded.
    const stopped = loop.stop()
    release()
    await stopped
    expect((await h.deps.database.db.selectFrom('webhook_delivery').select(['status', 'attempts']).executeTakeFirstOrThrow())).toEqual({ status: 'delivered', attempts: 1 })
    await raiseAlert(h, orgId, 'case-2')
    await new Promise((r) => setTimeout(r, 50))
    expect(sent).toHaveLength(1)
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([])
  })
})

describe('the Node network (node:dns + node:https)', () => {
  let dir: string
  let server: Server
  let port: number
  const hits: { path: string; headers: Record<string, unknown>; body: string }[] = []

  beforeAll(async () => {
    // A certificate for hooks.example.net, trusted only through the test-only `ca` option.
    dir = mkdtempSync(join(tmpdir(), 'ys-webhook-tls-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=hooks.example.net', '-addext', 'subjectAltName=DNS:hooks.example.net'], { stdio: 'ignore' })
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        hits.push({ path: req.url ?? '', headers: req.headers, body })
        if (req.url === '/redirect') res.writeHead(302, { location: `https://hooks.example.net:${port}/elsewhere` }).end()
        else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2000)
        else res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as { port: number }).port
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    rmSync(dir, { recursive: true, force: true })
  })

  it('connects only to the vetted address, verifies TLS for the host name, follows no redirect, times out, and refuses loopback by default', async () => {
    const { h, admin } = await world()
    await admin.put('/api/settings/webhook', { url: `https://hooks.example.net:${port}/ok` })
    const secret = (await admin.post('/api/settings/webhook/rotate-secret')).body.secret as string
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8')
    // The real Node POST; the resolver answers loopback, as a rebinding DNS server would.
    const net: WebhookNet = { ...nodeWebhookNet({ testOnly: { ca: cert } }), resolve: async () => ['127.0.0.1'] }

    // By default loopback is refused and the server hears nothing.
    const first = (await admin.post('/api/settings/webhook/test')).body.delivery.id
    await sendDueDeliveries(h.deps.database, net, opts(h))
    expect((await delivery(h, first)).last_error).toBe('Refused: hooks.example.net resolves to a non-public address (127.0.0.1)')
    expect(hits).toHaveLength(0)

    // Allowed explicitly (test-only), the request reaches the local server, signed.
    const allow = { unsafeAllowAddresses: new Set(['127.0.0.1']), timeoutMs: 500 }
    h.setNow(new Date(T0.getTime() + 60_000))
    await sendDueDeliveries(h.deps.database, net, opts(h, allow))
    const ok = await delivery(h, first)
    expect(ok).toMatchObject({ status: 'delivered', attempts: 2, last_status: 204 })
    expect(hits).toHaveLength(1)
    expect(hits[0]!.path).toBe('/ok')
    expect(hits[0]!.headers['x-yardstick-signature']).toBe(`sha256=${createHmac('sha256', secret).update(hits[0]!.body).digest('hex')}`)
    expect(hits[0]!.headers['x-yardstick-delivery']).toBe(first)
    expect(hits[0]!.headers.host).toBe(`hooks.example.net:${port}`)

    // A redirect is a failure; /elsewhere is never requested.
    await admin.put('/api/settings/webhook', { url: `https://hooks.example.net:${port}/redirect` })
    const redirected = (await admin.post('/api/settings/webhook/test')).body.delivery.id
    await sendDueDeliveries(h.deps.database, net, opts(h, allow))
    expect(await delivery(h, redirected)).toMatchObject({ status: 'pending', attempts: 1, last_status: 302 })
    expect(hits.map((x) => x.path)).toEqual(['/ok', '/redirect'])

    // No answer in time: the attempt is abandoned.
    await admin.put('/api/settings/webhook', { url: `https://hooks.example.net:${port}/slow` })
    await h.deps.database.db.updateTable('webhook_delivery').set({ status: 'failed' }).where('id', '=', redirected).execute()
    const slow = (await admin.post('/api/settings/webhook/test')).body.delivery.id
    await sendDueDeliveries(h.deps.database, net, opts(h, allow))
    expect(await delivery(h, slow)).toMatchObject({ status: 'pending', attempts: 1, last_status: null, last_error: 'No answer within 0.5 s' })

    // A certificate the sender does not trust fails the attempt (the default: no test CA).
    await admin.put('/api/settings/webhook', { url: `https://hooks.example.net:${port}/ok` })
    await h.deps.database.db.updateTable('webhook_delivery').set({ status: 'failed' }).where('id', '=', slow).execute()
    const untrusted = (await admin.post('/api/settings/webhook/test')).body.delivery.id
    const plain: WebhookNet = { ...nodeWebhookNet(), resolve: async () => ['127.0.0.1'] }
    await sendDueDeliveries(h.deps.database, plain, opts(h, allow))
    expect(await delivery(h, untrusted)).toMatchObject({ status: 'pending', attempts: 1, last_status: null, last_error: expect.stringMatching(/certificate/i) })
  })
})
