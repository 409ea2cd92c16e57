import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { openD1Database } from '../../server/db/d1.ts'
import { alertStatements } from '../../server/db/repositories/notifications.ts'
import { sendDueDeliveries } from '../../server/domain/webhooks.ts'
import { fetchWebhookNet, hmacSha256Hex } from '../../server/lib/webhook-send.ts'
import { Client } from '../helpers/client.ts'

// Alerts on Workers: an alert raised through alertStatements in one D1 batch (the notification and
// its webhook delivery), listed and read through the worker, and the delivery sent by the Workers
// network (fetch with redirect: 'manual') — the fetch injected, so nothing leaves the test.

const worker = (request: Request) => exports.default.fetch(request)
const PASSWORD = 'correct-horse-battery'

describe('notifications on Workers', () => {
  it('raises an alert in one D1 batch, lists it, marks it read, and sends its webhook delivery signed', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/setup', { organisationName: 'Acme Services', name: 'Ada Admin', email: 'admin@acme.example', password: PASSWORD })).status).toBe(201)
    const saved = await admin.put('/api/settings/webhook', { url: 'https://hooks.example.net/yardstick' })
    expect(saved.status).toBe(200)
    const secret = saved.body.secret as string

    const database = openD1Database(env.DB)
    const { id: orgId } = await database.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()
    const at = new Date().toISOString()
    const alert = { orgId, kind: 'sla_breach' as const, dedupeKey: 'sla_breach:case-1:1', title: 'Case breached its SLA', body: 'Complaint about a refund, due yesterday', link: '/cases/case-1' }
    expect(await database.atomic(alertStatements(database.db, alert, at))).toEqual([1, 1])
    // Raised again: the key holds, and no second delivery is queued.
    expect(await database.atomic(alertStatements(database.db, alert, at))).toEqual([0, 0])

    const listed = await admin.get('/api/notifications')
    expect(listed.status).toBe(200)
    expect(listed.body).toEqual({ unread: 1, nextCursor: null, notifications: [{ id: expect.any(String), kind: 'sla_breach', title: 'Case breached its SLA', body: 'Complaint about a refund, due yesterday', link: '/cases/case-1', createdAt: at, readAt: null }] })
    const id = listed.body.notifications[0].id
    const read = await admin.post(`/api/notifications/${id}/read`)
    expect(read.body).toMatchObject({ unread: 0, notification: { id, readAt: expect.any(String) } })

    // The Workers network over an injected fetch: what the platform's fetch would be asked.
    const calls: { url: string; init: RequestInit }[] = []
    const net = fetchWebhookNet(async (input, init) => {
      calls.push({ url: String(input), init: init! })
      return new Response(null, { status: 202 })
    })
    expect(net.resolve).toBeNull()
    expect(await sendDueDeliveries(database, net, { now: () => new Date(), log: () => {} })).toEqual({ delivered: 1, retrying: 0, failed: 0 })
    expect(calls).toHaveLength(1)
    const { url, init } = calls[0]!
    const headers = init.headers as Record<string, string>
    expect(url).toBe('https://hooks.example.net/yardstick')
    expect(init).toMatchObject({ method: 'POST', redirect: 'manual' })
    expect(JSON.parse(init.body as string)).toMatchObject({ id, kind: 'sla_breach', title: 'Case breached its SLA' })
    expect(headers['x-yardstick-signature']).toBe(`sha256=${await hmacSha256Hex(secret, init.body as string)}`)
    const log = (await admin.get('/api/settings/webhook')).body.deliveries
    expect(log).toEqual([expect.objectContaining({ id: headers['x-yardstick-delivery'], status: 'delivered', attempts: 1, lastStatus: 202 })])
  })
})
