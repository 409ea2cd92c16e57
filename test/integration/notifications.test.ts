import { describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { alertStatements } from '../../server/db/repositories/notifications.ts'
import { raiseBelowTargetAlerts, raiseRepeatedProblemAlerts, runAlertChecks } from '../../server/domain/alerts.ts'
import { DEFAULT_CASE_RULES } from '../../shared/cases.ts'
import { tag } from '../../shared/sentiment/index.ts'

// In-app notifications (/api/notifications) and the two alerts the periodic job raises: a standard
// below target over the last 30 days, and the same theme again and again at a location.

const T0 = new Date('2026-06-30T12:00:00.000Z')
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)

async function orgIdOf(h: Harness, name = 'Acme Services') {
  return (await h.deps.database.db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

async function raise(h: Harness, orgId: string, key: string, at: Date) {
  await h.deps.database.atomic(alertStatements(h.deps.database.db, { orgId, kind: 'sla_breach', dedupeKey: key, title: `Alert ${key}`, body: `About ${key}`, link: `/cases/${key}` }, at.toISOString()))
}

describe('notifications API', () => {
  it('lists newest first in pages with the unread count, marks one read, then all', async () => {
    const h = await makeHarness({ now: T0 })
    const admin = await setupOrg(h)
    const orgId = await orgIdOf(h)
    for (let i = 1; i <= 5; i++) await raise(h, orgId, `k${i}`, minutes(i))
    // Raised again with the same key: still one notification.
    await raise(h, orgId, 'k3', minutes(9))

    const first = await admin.get('/api/notifications?limit=2')
    expect(first.status).toBe(200)
    expect(first.body.unread).toBe(5)
    expect(first.body.notifications.map((n: any) => n.title)).toEqual(['Alert k5', 'Alert k4'])
    expect(first.body.notifications[0]).toEqual({ id: expect.any(String), kind: 'sla_breach', title: 'Alert k5', body: 'About k5', link: '/cases/k5', createdAt: minutes(5).toISOString(), readAt: null })
    const second = await admin.get(`/api/notifications?limit=2&before=${encodeURIComponent(first.body.nextCursor)}`)
    expect(second.body.notifications.map((n: any) => n.title)).toEqual(['Alert k3', 'Alert k2'])
    const third = await admin.get(`/api/notifications?limit=2&before=${encodeURIComponent(second.body.nextCursor)}`)
    expect(third.body.notifications.map((n: any) => n.title)).toEqual(['Alert k1'])
    expect(third.body.nextCursor).toBeNull()

    h.setNow(minutes(20))
    const k4 = first.body.notifications[1].id
    const read = await admin.post(`/api/notifications/${k4}/read`)
    expect(read.status).toBe(200)
    expect(read.body).toEqual({ notification: expect.objectContaining({ id: k4, readAt: minutes(20).toISOString() }), unread: 4 })
    // Reading it again keeps when it was first read.
    h.setNow(minutes(30))
    expect((await admin.post(`/api/notifications/${k4}/read`)).body.notification.readAt).toBe(minutes(20).toISOString())
    const unreadOnly = await admin.get('/api/notifications?unread=true')
    expect(unreadOnly.body.notifications.map((n: any) => n.title)).toEqual(['Alert k5', 'Alert k3', 'Alert k2', 'Alert k1'])

    expect((await admin.post('/api/notifications/read-all')).body).toEqual({ updated: 4, unread: 0 })
    const all = await admin.get('/api/notifications')
    expect(all.body.unread).toBe(0)
    expect(all.body.notifications.every((n: any) => n.readAt !== null)).toBe(true)
    expect(all.body.notifications.find((n: any) => n.id === k4).readAt).toBe(minutes(20).toISOString())
  })

  it('names the bad query field, and answers 404 for an unknown id', async () => {
    const h = await makeHarness({ now: T0 })
    const admin = await setupOrg(h)
    const bad = await admin.get('/api/notifications?limit=0&before=yesterday')
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: any) => i.path).sort()).toEqual(['query.before', 'query.limit'])
    expect((await admin.post('/api/notifications/01J00000000000000000000000/read')).status).toBe(404)
    expect((await admin.post('/api/notifications/nope/read')).body.error.issues[0].path).toBe('path.id')
  })

  it('keeps organisations apart and follows roles: readers read, shoppers and strangers do not', async () => {
    const h = await makeHarness({ now: T0 })
    const admin = await setupOrg(h)
    const orgId = await orgIdOf(h)
    await raise(h, orgId, 'mine', T0)
    const other = await createOrgDirect(h, 'Other Org', 'admin@other.example')
    const otherId = await orgIdOf(h, 'Other Org')
    await raise(h, otherId, 'theirs', T0)
    const mineId = (await admin.get('/api/notifications')).body.notifications[0].id

    const theirs = await other.get('/api/notifications')
    expect(theirs.body.notifications.map((n: any) => n.title)).toEqual(['Alert theirs'])
    expect(theirs.body.unread).toBe(1)
    expect((await other.post(`/api/notifications/${mineId}/read`)).status).toBe(404)
    expect((await other.post('/api/notifications/read-all')).body.updated).toBe(1)
    expect((await admin.get('/api/notifications')).body).toMatchObject({ unread: 1, notifications: [{ id: mineId, readAt: null }] })

    const analyst = await addUser(h, admin, 'analyst', 'analyst@acme.example')
    expect((await analyst.get('/api/notifications')).body.unread).toBe(1)
    expect((await analyst.post(`/api/notifications/${mineId}/read`)).status).toBe(200)
    const shopper = await addUser(h, admin, 'shopper', 'shopper@acme.example')
    for (const r of [await shopper.get('/api/notifications'), await shopper.post(`/api/notifications/${mineId}/read`), await shopper.post('/api/notifications/read-all')]) expect(r.status).toBe(403)
    expect((await new Client(h).get('/api/notifications')).status).toBe(401)
  })
})

const COMPLAINT = 'The queue was far too long, 25 minutes to pay'

interface Shop {
  h: Harness
  admin: Client
  orgId: string
  leeds: string
  york: string
  csatStandard: string
  respond(token: string, csat: number, comment: string): Promise<void>
  tokens: { leeds: string; york: string }
}

/** An organisation with a CSAT standard (target 80%, linked to the survey's CSAT question) and a link at each of two locations. */
async function shop(): Promise<Shop> {
  const h = await makeHarness({ now: T0, minSample: 3 })
  const admin = await setupOrg(h)
  const orgId = await orgIdOf(h)
  const leeds = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location.id
  const york = (await admin.post('/api/locations', { name: 'York', kind: 'branch' })).body.location.id
  const csatStandard = (await admin.post('/api/standards', { code: 'CSAT', title: 'Customers satisfied', customerType: 'external', dimension: 'responsiveness', metric: 'csat', target: 80, tolerance: 5, direction: 'higher' })).body.standard.id
  const created = (await admin.post('/api/surveys', { title: 'After your visit' })).body
  const definition = created.draft.definition
  definition.pages[0].questions.find((q: any) => q.id === 'csat').standardIds = [csatStandard]
  expect((await admin.put(`/api/surveys/${created.survey.id}/draft`, { definition })).status).toBe(200)
  expect((await admin.post(`/api/surveys/${created.survey.id}/publish`)).status).toBe(200)
  const link = async (locationId: string) => (await admin.post(`/api/surveys/${created.survey.id}/collectors`, { label: 'Receipt', locationId })).body.collector.token as string
  const tokens = { leeds: await link(leeds), york: await link(york) }
  const customer = new Client(h)
  let n = 0
  const respond = async (token: string, csat: number, comment: string) => {
    const versionId = (await customer.get(`/api/public/s/${token}`)).body.versionId
    const r = await customer.post(`/api/public/s/${token}/responses`, { clientId: `alerts-client-${n++}`, versionId, answers: { nps: 3, csat, comment } })
    expect(r.status).toBe(201)
  }
  return { h, admin, orgId, leeds, york, csatStandard, respond, tokens }
}

async function notifications(h: Harness, kind?: string) {
  let q = h.deps.database.db.selectFrom('notification').selectAll().orderBy('dedupe_key')
  if (kind) q = q.where('kind', '=', kind as never)
  return q.execute()
}

describe('alert producers', () => {
  it('raises "below target" for a red standard overall and per location, once a week, with its webhook delivery; not below the minimum sample', async () => {
    const s = await shop()
    const { h } = s
    await s.admin.put('/api/settings/webhook', { url: 'https://hooks.example.net/alerts' })
    // Leeds: 3 answers, all dissatisfied (0% against 80%); York: 2 answers, below the minimum sample of 3.
    for (let i = 0; i < 3; i++) await s.respond(s.tokens.leeds, 1, 'Fine')
    for (let i = 0; i < 2; i++) await s.respond(s.tokens.york, 1, 'Fine')

    expect(await raiseBelowTargetAlerts({ database: h.deps.database, orgId: s.orgId, now: T0, minSample: 3 })).toBe(2)
    const raised = await notifications(h, 'below_target')
    // 30 June 2026 is a Tuesday: the week's Monday is 29 June.
    expect(raised.map((n) => n.dedupe_key)).toEqual([`below_target:${s.csatStandard}:*:2026-06-29`, `below_target:${s.csatStandard}:${s.leeds}:2026-06-29`])
    const atLeeds = raised.find((n) => n.dedupe_key.includes(s.leeds))!
    expect(atLeeds).toMatchObject({
      title: 'CSAT is below target at Leeds',
      body: 'Customers satisfied: 0% against a target of ≥ 80% (n = 3) from 2026-06-01 to 2026-06-30.',
      link: `/analytics/trend?standardId=${s.csatStandard}&locationId=${s.leeds}&from=2026-06-01&to=2026-06-30`,
    })
    expect(raised.find((n) => n.dedupe_key.includes(':*:'))).toMatchObject({ title: 'CSAT is below target across all locations', body: expect.stringContaining('(n = 5)') })
    // Each with its webhook delivery queued in the same write.
    const deliveries = await h.deps.database.db.selectFrom('webhook_delivery').select(['notification_id', 'status']).execute()
    expect(deliveries.map((d) => d.notification_id).sort()).toEqual(raised.map((n) => n.id).sort())

    // Again the same week: nothing new. The next week: raised again if still red.
    h.setNow(new Date('2026-07-05T20:00:00Z'))
    expect(await raiseBelowTargetAlerts({ database: h.deps.database, orgId: s.orgId, now: h.deps.now(), minSample: 3 })).toBe(0)
    h.setNow(new Date('2026-07-06T08:00:00Z'))
    expect(await raiseBelowTargetAlerts({ database: h.deps.database, orgId: s.orgId, now: h.deps.now(), minSample: 3 })).toBe(2)
    expect((await notifications(h, 'below_target')).map((n) => n.dedupe_key.slice(-10))).toEqual(['2026-06-29', '2026-07-06', '2026-06-29', '2026-07-06'])
  })

  it('stays quiet for a standard on target', async () => {
    const s = await shop()
    for (let i = 0; i < 3; i++) await s.respond(s.tokens.leeds, 5, 'Lovely')
    expect(await raiseBelowTargetAlerts({ database: s.h.deps.database, orgId: s.orgId, now: T0, minSample: 3 })).toBe(0)
  })

  it('raises "repeated problem" when one theme recurs at one location, once per run of complaints, with the threshold from the case rules', async () => {
    const s = await shop()
    const { h } = s
    expect(tag(COMPLAINT)).toMatchObject({ label: 'negative', themes: ['wait_time'] })
    const check = () => raiseRepeatedProblemAlerts({ database: h.deps.database, orgId: s.orgId, now: h.deps.now(), minSample: 3 })
    // Two waits at Leeds, one at York, a positive comment about waiting at Leeds: below the default threshold of 3.
    h.setNow(new Date('2026-06-20T10:00:00Z'))
    await s.respond(s.tokens.leeds, 2, COMPLAINT)
    await s.respond(s.tokens.york, 2, COMPLAINT)
    h.setNow(new Date('2026-06-25T10:00:00Z'))
    await s.respond(s.tokens.leeds, 2, COMPLAINT)
    await s.respond(s.tokens.leeds, 5, 'Served quickly, no wait at all, lovely staff')
    expect(await check()).toBe(0)

    // The third at Leeds within 14 days.
    h.setNow(T0)
    await s.respond(s.tokens.leeds, 1, COMPLAINT)
    expect(await check()).toBe(1)
    const [alert] = await notifications(h, 'repeated_problem')
    expect(alert).toMatchObject({
      dedupe_key: `repeated_problem:wait_time:${s.leeds}:2026-06-20`,
      title: 'Repeated problem at Leeds: wait time',
      body: '3 negative comments about wait time at Leeds between 2026-06-20 and 2026-06-30 (the rule: 3 within 14 days).',
      link: `/comments?location=${s.leeds}&theme=wait_time&label=negative&from=2026-06-20&to=2026-06-30`,
    })
    // Rerun: the same comments are not counted twice.
    expect(await check()).toBe(0)
    expect(await runAlertChecks(h.deps.database, { now: h.deps.now, log: h.deps.log, minSample: 3 })).toMatchObject({ raised: expect.any(Number) })
    expect(await notifications(h, 'repeated_problem')).toHaveLength(1)

    // Two more: not yet; the third new one raises again, keyed on its own first comment.
    h.setNow(new Date('2026-07-01T09:00:00Z'))
    await s.respond(s.tokens.leeds, 1, COMPLAINT)
    await s.respond(s.tokens.leeds, 1, COMPLAINT)
    expect(await check()).toBe(0)
    h.setNow(new Date('2026-07-02T09:00:00Z'))
    await s.respond(s.tokens.leeds, 1, COMPLAINT)
    expect(await check()).toBe(1)
    expect((await notifications(h, 'repeated_problem')).map((n) => n.dedupe_key)).toEqual([`repeated_problem:wait_time:${s.leeds}:2026-06-20`, `repeated_problem:wait_time:${s.leeds}:2026-07-01`])

    // The organisation's own rule: 4 within 3 days. York's lone complaint, then three more there.
    const rules = JSON.stringify({ ...DEFAULT_CASE_RULES, repeatThreshold: 4, repeatWindowDays: 3 })
    await h.deps.database.db
      .insertInto('case_settings')
      .values({ org_id: s.orgId, rules, sla: '{}', updated_by: null, updated_at: T0.toISOString() })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ rules }))
      .execute()
    for (let i = 0; i < 3; i++) await s.respond(s.tokens.york, 1, COMPLAINT)
    // York's first complaint (20 June) is outside the 3-day window: 3 of 4.
    expect(await check()).toBe(0)
    await s.respond(s.tokens.york, 1, COMPLAINT)
    expect(await check()).toBe(1)
    expect((await notifications(h, 'repeated_problem')).find((n) => n.dedupe_key.includes(s.york))?.body).toBe(
      '4 negative comments about wait time at York between 2026-07-02 and 2026-07-02 (the rule: 4 within 3 days).',
    )
  })

  it('runs for every organisation and raises nothing new when run again', async () => {
    const s = await shop()
    const { h } = s
    for (let i = 0; i < 3; i++) await s.respond(s.tokens.leeds, 1, COMPLAINT)
    await createOrgDirect(h, 'Other Org', 'admin@other.example')
    const job = { now: h.deps.now, log: h.deps.log, minSample: 3 }
    expect(await runAlertChecks(h.deps.database, job)).toEqual({ raised: 3 })
    expect(await runAlertChecks(h.deps.database, job)).toEqual({ raised: 0 })
    expect((await notifications(h)).map((n) => n.kind).sort()).toEqual(['below_target', 'below_target', 'repeated_problem'])
    expect((await s.admin.get('/api/notifications')).body.unread).toBe(3)
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([])
  })
})
