import { describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { runCaseEscalation } from '../../server/domain/case-escalation.ts'
import { DEFAULT_CASE_RULES, DEFAULT_SLA } from '../../shared/cases.ts'

// Follow-up cases: opened by the case rules from real responses and approved audits, complaints
// logged by hand, the queue, moves with their timeline, escalation past the SLA and the figures.

// Wednesday 9 December 2026, 10:00 UTC (in London, out of summer time: the same).
const WED = new Date('2026-12-09T10:00:00Z')

async function world(now = WED) {
  const h = await makeHarness({ now })
  const admin = await setupOrg(h)
  const manager = await addUser(h, admin, 'manager', 'max@acme.example')
  const analyst = await addUser(h, admin, 'analyst', 'ann@acme.example')
  const shopper = await addUser(h, admin, 'shopper', 'sam@acme.example')
  const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
  const surveyId = (await admin.post('/api/surveys', { title: 'After your visit' })).body.survey.id
  expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
  const token = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Receipt', locationId: location.id })).body.collector.token
  const customer = new Client(h)
  const versionId = (await customer.get(`/api/public/s/${token}`)).body.versionId
  let seq = 0
  const respond = async (answers: Record<string, unknown>) => {
    const r = await customer.post(`/api/public/s/${token}/responses`, { clientId: `case-client-${++seq}`, versionId, answers })
    expect(r.status).toBe(201)
    return r.body.id as string
  }
  const users = (await manager.get('/api/cases/assignees')).body.users as { id: string; email: string }[]
  const managerId = users.find((u) => u.email === 'max@acme.example')!.id
  return { h, admin, manager, analyst, shopper, location, surveyId, respond, managerId }
}

const cases = (h: Harness) => h.deps.database.db.selectFrom('follow_up_case').selectAll().orderBy('opened_at').orderBy('id').execute()

describe('cases opened by the case rules', () => {
  it('opens one case per poor response: NPS detractor, low CSAT, a negative comment; none for a good one', async () => {
    const w = await world()
    const detractor = await w.respond({ nps: 3, csat: 4 })
    const lowCsat = await w.respond({ nps: 8, csat: 2 })
    const negative = await w.respond({ nps: 8, csat: 4, comment: 'Waited 40 minutes in the queue and the staff were rude' })
    await w.respond({ nps: 10, csat: 5, comment: 'Lovely friendly staff, quick service' })
    const rows = await cases(w.h)
    expect(rows.map((r) => [r.source_id, r.trigger, r.priority, r.status])).toEqual([
      [detractor, 'nps_detractor', 'normal', 'open'],
      [lowCsat, 'csat_low', 'normal', 'open'],
      [negative, 'negative_comment', 'low', 'open'],
    ])
    const first = rows[0]!
    expect(first).toMatchObject({ source: 'survey', channel: 'survey', location_id: w.location.id, form_id: w.surveyId, title: 'NPS 3 at Leeds (After your visit)', contact_allowed: 0, customer_name: '', customer_contact: '' })
    // Normal priority: 16 working hours from Wed 10:00 → Fri 10:00.
    expect(first.due_at).toBe('2026-12-11T10:00:00.000Z')
    expect(rows[2]!.summary).toContain('Waited 40 minutes')
    expect(rows[2]!.themes).toBeGreaterThan(0)
    // Each with its opening event.
    const detail = (await w.analyst.get(`/api/cases/${first.id}`)).body
    expect(detail.events).toEqual([expect.objectContaining({ kind: 'opened', actor_id: null, text: 'Opened by the case rules: NPS answer 3 (detractor)' })])
    expect(detail.locationName).toBe('Leeds')
  })

  it('keeps the case of an erased response but drops what the customer wrote', async () => {
    const w = await world()
    const id = await w.respond({ nps: 2, csat: 3, comment: 'My name is Jo Bloggs and the staff were rude' })
    expect((await cases(w.h))[0]!.summary).toContain('Jo Bloggs')
    expect((await w.admin.del(`/api/responses/${id}`)).status).toBe(204)
    const [c] = await cases(w.h)
    expect(c).toMatchObject({ source_id: id, trigger: 'nps_detractor', customer_name: '', customer_contact: '', themes: 0 })
    expect(c!.summary).not.toContain('Jo Bloggs')
  })

  it('carries the customer’s contact only when an identified survey’s respondent consented', async () => {
    const w = await world()
    const surveyId = (await w.admin.post('/api/surveys', { title: 'Members survey' })).body.survey.id
    const definition = (await w.admin.get(`/api/surveys/${surveyId}`)).body.versions[0].definition
    definition.pages[definition.pages.length - 1].questions.push({ id: 'agree', type: 'consent', text: 'May we contact you about your answers?', required: false })
    expect((await w.admin.put(`/api/surveys/${surveyId}/draft`, { definition })).status).toBe(200)
    expect((await w.admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
    const list = (await w.admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Members', kind: 'invitations', identified: true, locationId: w.location.id })).body.collector
    const base = `/api/surveys/${surveyId}/collectors/${list.id}/invitations`
    const up = await w.admin.fetch(new Request(new URL(base, w.admin.origin), { method: 'POST', headers: { 'content-type': 'text/csv', cookie: w.admin.cookie, 'x-csrf-token': w.admin.csrf }, body: 'name,email\nPat Doe,pat@example.com\nSam Roe,sam@example.com\n' }))
    expect(up.status).toBe(201)
    const csv = await (await w.admin.fetch(new Request(new URL(`${base}.csv`, w.admin.origin), { headers: { cookie: w.admin.cookie } }))).text()
    const tokens = [...csv.matchAll(/\/s\/([A-Za-z0-9_-]{22})/g)].map((m) => m[1]!)
    expect(tokens).toHaveLength(2)
    const customer = new Client(w.h)
    const versionId = (await customer.get(`/api/public/s/${tokens[0]}`)).body.versionId
    // Pat agrees to be contacted; Sam does not.
    const pat = await customer.post(`/api/public/s/${tokens[0]}/responses`, { clientId: 'client-pat', versionId, answers: { nps: 2, csat: 3, agree: true } })
    expect(pat.status, JSON.stringify(pat.body)).toBe(201)
    expect((await customer.post(`/api/public/s/${tokens[1]}/responses`, { clientId: 'client-sam', versionId, answers: { nps: 2, csat: 3, agree: false } })).status).toBe(201)
    const rows = (await cases(w.h)).filter((c) => c.form_id === surveyId)
    expect(rows.map((c) => [c.customer_name, c.customer_contact, c.contact_allowed])).toEqual([
      ['Pat Doe', 'pat@example.com', 1],
      ['', '', 0],
    ])
  })

  it('follows the organisation’s rules: a disabled rule opens nothing, a threshold moves', async () => {
    const w = await world()
    const rules = { ...DEFAULT_CASE_RULES, npsDetractor: { enabled: false, maxScore: 6, priority: 'normal' }, csatLow: { enabled: true, maxScore: 3, priority: 'urgent' } }
    expect((await w.manager.put('/api/cases/settings', { rules, sla: DEFAULT_SLA })).status).toBe(200)
    await w.respond({ nps: 0, csat: 5 })
    const csat3 = await w.respond({ nps: 9, csat: 3 })
    const rows = await cases(w.h)
    expect(rows.map((r) => [r.source_id, r.trigger, r.priority])).toEqual([[csat3, 'csat_low', 'urgent']])
    // Urgent: 4 working hours → 14:00 the same day.
    expect(rows[0]!.due_at).toBe('2026-12-09T14:00:00.000Z')
  })

  it('opens a case for an audit approved with a critical failure, concerning the failed item’s standards', async () => {
    const w = await world()
    const std = (await w.admin.post('/api/standards', { code: 'GREET', title: 'Greet within 30 s', customerType: 'external', dimension: 'responsiveness', metric: 'audit_compliance', target: 90, tolerance: 10, direction: 'higher' })).body.standard
    const templateId = (await w.admin.post('/api/audit-templates', { title: 'Branch visit' })).body.template.id
    const definition = { title: 'Branch visit', sections: [{ id: 's', title: 'Visit', items: [{ id: 'greeted', type: 'yes_no', label: 'Greeted within 30 seconds?', critical: true, standardIds: [std.id] }, { id: 'tidy', type: 'yes_no', label: 'Tidy?' }] }] }
    expect((await w.admin.put(`/api/audit-templates/${templateId}/draft`, { definition })).status).toBe(200)
    expect((await w.admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
    const shopperId = (await w.admin.get('/api/audit-shoppers')).body.shoppers[0].id
    const reviewer = await addUser(w.h, w.admin, 'reviewer', 'rex@acme.example')
    const assign = async (greeted: boolean) => {
      const id = (await w.admin.post('/api/assignments', { templateId, locationId: w.location.id, shopperId, visitFrom: '2026-12-01', visitTo: '2026-12-07', dueAt: '2026-12-08' })).body.assignment.id as string
      await w.h.deps.database.db.updateTable('assignment').set({ status: 'submitted', answers: JSON.stringify({ greeted: { value: greeted }, tidy: { value: true } }), submitted_at: '2026-12-02T12:00:00.000Z', visit_started_at: '2026-12-02T11:00:00.000Z' }).where('id', '=', id).execute()
      expect((await reviewer.post(`/api/assignments/${id}/approve`, {})).status).toBe(200)
      return id
    }
    const failed = await assign(false)
    await assign(true)
    const rows = await cases(w.h)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ source: 'audit', source_id: failed, trigger: 'critical_audit', priority: 'high', channel: 'audit', location_id: w.location.id, form_id: templateId, title: 'Critical audit failure at Leeds (Branch visit)' })
    expect(JSON.parse(rows[0]!.standard_ids)).toEqual([std.id])
    expect(rows[0]!.summary).toContain('Greeted within 30 seconds?')
  })
})

describe('the complaints register and the queue', () => {
  it('logs a complaint with its channel, customer and standards; bad input is a 400 naming the field and stores nothing', async () => {
    const w = await world()
    const std = (await w.admin.post('/api/standards', { code: 'CSAT', title: 'CSAT at least 85%', customerType: 'external', dimension: 'empathy', metric: 'csat', target: 85, tolerance: 5, direction: 'higher' })).body.standard
    const r = await w.manager.post('/api/cases', { channel: 'phone', title: 'Charged twice for one coffee', summary: 'Called the helpline on Monday', customerName: 'Pat Doe', customerContact: '07700 900123', contactAllowed: true, locationId: w.location.id, standardIds: [std.id], priority: 'high', ownerId: w.managerId })
    expect(r.status).toBe(201)
    expect(r.body.case).toMatchObject({ source: 'complaint', trigger: 'complaint', channel: 'phone', status: 'open', priority: 'high', owner_id: w.managerId, customer_name: 'Pat Doe', contact_allowed: 1, due_at: '2026-12-10T10:00:00.000Z' })
    expect(JSON.parse(r.body.case.standard_ids)).toEqual([std.id])

    const bad = await w.manager.post('/api/cases', { channel: 'fax', title: '', standardIds: ['not-an-id'] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.channel', 'body.standardIds.0', 'body.title'])
    const other = await createOrgDirect(w.h, 'Other Ltd', 'o@other.example')
    const otherLocation = (await other.post('/api/locations', { name: 'Elsewhere', kind: 'branch' })).body.location
    const foreign = await w.manager.post('/api/cases', { channel: 'email', title: 'Rude reply', locationId: otherLocation.id })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.issues).toEqual([{ path: 'body.locationId', message: 'is not a location of this organisation' }])
    // The customer asks to be forgotten: their details leave the case, the record stays.
    const erased = await w.manager.post(`/api/cases/${r.body.case.id}/erase-customer`, {})
    expect(erased.body.case).toMatchObject({ customer_name: '', customer_contact: '', contact_allowed: 0, title: 'Charged twice for one coffee', status: 'open' })
    expect((await w.analyst.post(`/api/cases/${r.body.case.id}/erase-customer`, {})).status).toBe(403)
    const future = await w.manager.post('/api/cases', { channel: 'email', title: 'Rude reply', receivedAt: '2027-01-01T00:00:00Z' })
    expect(future.body.error.issues[0].path).toBe('body.receivedAt')
    expect(await cases(w.h)).toHaveLength(1)
  })

  it('lists the queue overdue first, then by due time; "mine" narrows to the owner', async () => {
    const w = await world()
    const log = async (title: string, priority: string, receivedAt: string, ownerId?: string) => (await w.manager.post('/api/cases', { channel: 'email', title, priority, receivedAt, ownerId })).body.case.id as string
    const late = await log('Late one', 'urgent', '2026-12-07T09:00:00Z')
    const later = await log('Due Friday', 'normal', '2026-12-09T09:30:00Z', w.managerId)
    const soon = await log('Due today', 'urgent', '2026-12-09T09:00:00Z')
    const q = (await w.analyst.get('/api/cases')).body.cases
    expect(q.map((c: { id: string }) => c.id)).toEqual([late, soon, later])
    expect(q[0]).toMatchObject({ overdue: true, status: 'open', priority: 'urgent' })
    expect(q[1].overdue).toBe(false)
    expect((await w.manager.get('/api/cases?mine=true')).body.cases.map((c: { id: string }) => c.id)).toEqual([later])
  })
})

describe('working a case', () => {
  it('takes, notes, resolves with a root cause, closes and reopens, each in the timeline; refuses bad moves', async () => {
    const w = await world()
    await w.respond({ nps: 2, csat: 1 })
    const [c] = await cases(w.h)
    const path = `/api/cases/${c!.id}`
    expect((await w.manager.patch(path, { status: 'in_progress', ownerId: w.managerId, note: 'Calling the customer back' })).status).toBe(200)
    expect((await w.manager.post(`${path}/notes`, { text: 'Left a voicemail' })).status).toBe(201)
    const noCause = await w.manager.patch(path, { status: 'resolved', resolution: 'Apologised and refunded' })
    expect(noCause.status).toBe(400)
    expect(noCause.body.error.issues).toEqual([{ path: 'body.rootCause', message: 'is required to resolve a case' }])
    expect((await w.manager.patch(path, { status: 'closed' })).body.error.issues[0]).toEqual({ path: 'body.status', message: 'cannot go from in_progress to closed' })
    w.h.setNow(new Date('2026-12-09T15:00:00Z'))
    const resolved = await w.manager.patch(path, { status: 'resolved', rootCause: 'staffing', resolution: 'Apologised and refunded', firstContact: false })
    expect(resolved.status).toBe(200)
    expect(resolved.body.case).toMatchObject({ status: 'resolved', root_cause: 'staffing', resolution: 'Apologised and refunded', first_contact: 0, resolved_at: '2026-12-09T15:00:00.000Z' })
    expect((await w.manager.patch(path, { status: 'closed' })).body.case).toMatchObject({ status: 'closed', closed_at: '2026-12-09T15:00:00.000Z' })
    const reopened = await w.manager.patch(path, { status: 'in_progress', note: 'Customer called again' })
    expect(reopened.body.case).toMatchObject({ status: 'in_progress', resolved_at: null, closed_at: null, first_contact: null })
    const events = (await w.analyst.get(path)).body.events.map((e: { kind: string; text: string }) => [e.kind, e.text])
    expect(events).toEqual([
      ['opened', 'Opened by the case rules: NPS answer 2 (detractor); CSAT answer 1 of 5'],
      ['status', 'Calling the customer back'],
      ['assigned', ''],
      ['note', 'Left a voicemail'],
      ['resolved', ''],
      ['closed', ''],
      ['reopened', 'Customer called again'],
    ])
  })

  it('refuses a change made on a stale read (409) and changes nothing', async () => {
    const w = await world()
    await w.respond({ nps: 1, csat: 3 })
    const [c] = await cases(w.h)
    // Another change lands between this request's read and its write: simulated by a guarded update on an old updated_at.
    const { updateCaseIf } = await import('../../server/db/repositories/cases.ts')
    const [changed] = await w.h.deps.database.atomic([updateCaseIf(w.h.deps.database.db, c!.org_id, c!.id, { status: 'open', updated_at: '2000-01-01T00:00:00.000Z' }, { status: 'in_progress', updated_at: 'x' })])
    expect(changed).toBe(0)
    expect((await cases(w.h))[0]!.status).toBe('open')
    // A client that read the case before a change made since gets a 409 and changes nothing.
    const read = (await w.manager.get(`/api/cases/${c!.id}`)).body.case.updated_at
    w.h.setNow(new Date('2026-12-09T10:05:00Z'))
    expect((await w.manager.patch(`/api/cases/${c!.id}`, { status: 'in_progress', expectedUpdatedAt: read })).status).toBe(200)
    const stale = await w.manager.patch(`/api/cases/${c!.id}`, { status: 'resolved', rootCause: 'process', resolution: 'x', expectedUpdatedAt: read })
    expect(stale.status).toBe(409)
    expect((await cases(w.h))[0]!.status).toBe('in_progress')
  })

  it('changing the priority recounts the due time', async () => {
    const w = await world()
    const id = (await w.manager.post('/api/cases', { channel: 'letter', title: 'Lost parcel', priority: 'low' })).body.case.id
    expect((await w.manager.patch(`/api/cases/${id}`, { priority: 'urgent' })).body.case).toMatchObject({ priority: 'urgent', due_at: '2026-12-09T14:00:00.000Z' })
  })
})

describe('escalation past the SLA', () => {
  it('escalates an overdue case once per level, with an event and an alert; running again changes nothing', async () => {
    const w = await world()
    const sla = { ...DEFAULT_SLA, escalationUserIds: [w.managerId], escalateEveryHours: 8 }
    expect((await w.admin.put('/api/cases/settings', { rules: DEFAULT_CASE_RULES, sla })).status).toBe(200)
    const id = (await w.manager.post('/api/cases', { channel: 'phone', title: 'No call back', priority: 'urgent' })).body.case.id
    // Due 14:00; at 13:59 nothing; at 14:00 level 1 (the only level: one contact).
    expect(await runCaseEscalation(w.h.deps.database, new Date('2026-12-09T13:59:00Z'))).toBe(0)
    expect(await runCaseEscalation(w.h.deps.database, new Date('2026-12-09T14:00:00Z'))).toBe(1)
    expect(await runCaseEscalation(w.h.deps.database, new Date('2026-12-09T14:01:00Z'))).toBe(0)
    expect(await runCaseEscalation(w.h.deps.database, new Date('2026-12-20T00:00:00Z'))).toBe(0)
    const [row] = await cases(w.h)
    expect(row).toMatchObject({ status: 'escalated', escalation_level: 1, owner_id: w.managerId, escalated_at: '2026-12-09T14:00:00.000Z' })
    const events = (await w.analyst.get(`/api/cases/${id}`)).body.events
    expect(events.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(1)
    const alerts = await w.h.deps.database.db.selectFrom('notification').selectAll().execute()
    expect(alerts).toEqual([expect.objectContaining({ kind: 'sla_breach', dedupe_key: `sla_breach:${id}:1`, title: 'SLA breached: No call back', link: `/cases/${id}` })])
    // A resolved case is not escalated.
    const other = (await w.manager.post('/api/cases', { channel: 'phone', title: 'Sorted', priority: 'urgent' })).body.case.id
    await w.manager.patch(`/api/cases/${other}`, { status: 'resolved', rootCause: 'process', resolution: 'Sorted on the call', firstContact: true })
    expect(await runCaseEscalation(w.h.deps.database, new Date('2026-12-30T00:00:00Z'))).toBe(0)
  })

  it('queues a webhook delivery with the alert when the organisation has a webhook', async () => {
    const w = await world()
    await w.h.deps.database.db.insertInto('case_settings').values({ org_id: (await cases(w.h)).length ? '' : (await w.h.deps.database.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id, rules: '{}', sla: '{}', webhook_url: 'https://hooks.example/yardstick', webhook_secret: 's', updated_by: null, updated_at: WED.toISOString() }).execute()
    await w.manager.post('/api/cases', { channel: 'phone', title: 'No call back', priority: 'urgent' })
    expect(await runCaseEscalation(w.h.deps.database, new Date('2026-12-10T00:00:00Z'))).toBe(1)
    const deliveries = await w.h.deps.database.db.selectFrom('webhook_delivery').selectAll().execute()
    expect(deliveries).toEqual([expect.objectContaining({ url: 'https://hooks.example/yardstick', status: 'pending', attempts: 0 })])
    expect(JSON.parse(deliveries[0]!.payload)).toMatchObject({ kind: 'sla_breach', title: 'SLA breached: No call back' })
  })
})

describe('case figures', () => {
  it('computes the period’s figures from the register', async () => {
    const w = await world()
    const log = async (receivedAt: string, priority = 'normal') => (await w.manager.post('/api/cases', { channel: 'email', title: 'x', priority, receivedAt })).body.case.id as string
    const a = await log('2026-12-07T09:00:00Z')
    const b = await log('2026-12-08T09:00:00Z')
    await log('2026-12-01T09:00:00Z', 'urgent')
    w.h.setNow(new Date('2026-12-08T11:00:00Z'))
    await w.manager.patch(`/api/cases/${a}`, { status: 'resolved', rootCause: 'process', resolution: 'Fixed', firstContact: true })
    w.h.setNow(WED)
    await w.manager.patch(`/api/cases/${b}`, { status: 'resolved', rootCause: 'training', resolution: 'Fixed', firstContact: false })
    const f = (await w.analyst.get('/api/cases/figures?from=2026-12-01&to=2026-12-09')).body
    expect(f).toMatchObject({ opened: 3, resolved: 2, open: 1, overdue: 1, withinSla: { count: 2, of: 2, share: 100 }, firstContact: { count: 1, of: 2, share: 50 } })
    // 26 h and 25 h.
    expect(f.timeToResolveHours).toEqual({ median: 25.5, p90: 25.9, n: 2 })
    expect(f.byRootCause).toEqual([{ rootCause: 'process', count: 1 }, { rootCause: 'training', count: 1 }])
    expect((await w.analyst.get('/api/cases/figures?from=2026-12-09&to=2026-12-01')).body.error.issues[0].path).toBe('query.from')
  })
})

describe('a standard measured by the case register', () => {
  it('shows on the board as the share of cases resolved within their SLA, per location, with the change', async () => {
    const w = await world()
    const std = (await w.admin.post('/api/standards', { code: 'CMP', title: 'Complaints resolved within SLA', customerType: 'external', dimension: 'responsiveness', metric: 'case_sla', target: 80, tolerance: 10, direction: 'higher' })).body.standard
    const log = async (receivedAt: string, resolvedAt: string) => {
      const id = (await w.manager.post('/api/cases', { channel: 'phone', title: 'x', priority: 'urgent', locationId: w.location.id, receivedAt })).body.case.id
      w.h.setNow(new Date(resolvedAt))
      expect((await w.manager.patch(`/api/cases/${id}`, { status: 'resolved', rootCause: 'process', resolution: 'Done' })).status).toBe(200)
      w.h.setNow(WED)
    }
    // Urgent: due 4 working hours after receipt. Two in time, one late (Mon 09:00 + 4 h = 13:00; resolved 15:00).
    await log('2026-12-07T09:00:00Z', '2026-12-07T10:00:00Z')
    await log('2026-12-07T09:00:00Z', '2026-12-07T12:00:00Z')
    await log('2026-12-07T09:00:00Z', '2026-12-07T15:00:00Z')
    // The previous period: one case, in time.
    await log('2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z')
    const board = (await w.analyst.get('/api/analytics/board?from=2026-12-01&to=2026-12-09')).body
    const row = board.standards.find((r: { standard: { id: string } }) => r.standard.id === std.id)
    expect(row.source).toBe('cases')
    expect(row.overall).toMatchObject({ value: (2 / 3) * 100, n: 3, status: 'red', survey: null, audit: null })
    expect(row.overall.change).toMatchObject({ previous: { value: 100, n: 1 }, direction: 'down', significant: false })
    expect(row.byLocation.find((c: { locationId: string }) => c.locationId === w.location.id)).toMatchObject({ value: (2 / 3) * 100, n: 3 })
    expect(row.links.comments).toBe('/cases?status=all')
    expect(board.rowsRead).toBeGreaterThanOrEqual(4)
  })
})

describe('tenants and roles', () => {
  it('keeps every case route inside its organisation and role', async () => {
    const w = await world()
    await w.respond({ nps: 0, csat: 3 })
    const [c] = await cases(w.h)
    const other = await createOrgDirect(w.h, 'Other Ltd', 'o@other.example')
    expect((await other.get(`/api/cases/${c!.id}`)).status).toBe(404)
    expect((await other.patch(`/api/cases/${c!.id}`, { status: 'in_progress' })).status).toBe(404)
    expect((await other.post(`/api/cases/${c!.id}/notes`, { text: 'hi' })).status).toBe(404)
    expect((await other.get('/api/cases')).body.cases).toEqual([])
    expect((await other.get('/api/cases/figures')).body.opened).toBe(0)
    // Another organisation's user is not an owner here.
    const otherUser = (await other.get('/api/cases/assignees')).body.users[0].id
    expect((await w.manager.patch(`/api/cases/${c!.id}`, { ownerId: otherUser })).body.error.issues[0].path).toBe('body.ownerId')
    expect((await w.manager.put('/api/cases/settings', { rules: { ...DEFAULT_CASE_RULES, defaultOwnerId: otherUser }, sla: DEFAULT_SLA })).body.error.issues[0].path).toBe('body.rules.defaultOwnerId')

    // Analysts read; they do not work cases or change the rules. Shoppers see nothing.
    expect((await w.analyst.get(`/api/cases/${c!.id}`)).status).toBe(200)
    expect((await w.analyst.patch(`/api/cases/${c!.id}`, { status: 'in_progress' })).status).toBe(403)
    expect((await w.analyst.post(`/api/cases/${c!.id}/notes`, { text: 'hi' })).status).toBe(403)
    expect((await w.analyst.post('/api/cases', { channel: 'phone', title: 'x' })).status).toBe(403)
    expect((await w.analyst.put('/api/cases/settings', { rules: DEFAULT_CASE_RULES, sla: DEFAULT_SLA })).status).toBe(403)
    for (const path of ['/api/cases', `/api/cases/${c!.id}`, '/api/cases/figures', '/api/cases/settings', '/api/cases/assignees']) expect((await w.shopper.get(path)).status).toBe(403)
    expect((await new Client(w.h).get('/api/cases')).status).toBe(401)
  })

  it('validates the settings, naming the field', async () => {
    const w = await world()
    const r = await w.manager.put('/api/cases/settings', { rules: DEFAULT_CASE_RULES, sla: { ...DEFAULT_SLA, timeZone: 'Nowhere/Land', workingDays: [] } })
    expect(r.status).toBe(400)
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.sla.timeZone', 'body.sla.workingDays'])
    expect((await w.manager.get('/api/cases/settings')).body).toMatchObject({ saved: false, rules: DEFAULT_CASE_RULES })
  })
})
