import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { insertAssignment, insertPublishedTemplate, photoForm, PNG_1X1, sendForm } from '../helpers/shopper-fixture.ts'
import { alertStatements } from '../../server/db/repositories/notifications.ts'
import { DEFAULT_CASE_RULES, DEFAULT_SLA } from '../../shared/cases.ts'

/**
 * These tests walk the app's own route table, so every new route is covered automatically: a new
 * route with a path parameter or a body must be given a fixture below, or the tests fail.
 */

/** Routes without a session: the credential is in the path, or there is none yet. */
const PUBLIC = [/^\/api\/setup$/, /^\/api\/auth\/login$/, /^\/api\/invitations\//, /^\/api\/public\//, /^\/api\/openapi\.json$/]
/** The signed-in user's own account: no organisation resource to isolate. */
const OWN_ACCOUNT = [/^\/api\/auth\//]
/**
 * The shopper's own assignments: every other role is refused first (403), and another shopper
 * (of this organisation or another) gets 404; tested on their own below.
 */
const SHOPPER_OWN = [/^\/api\/shopper\//]
/** Writes every reader may make: marking the organisation's alerts read is part of reading them (results:read). */
const READER_WRITES = [/^\/api\/notifications\//]
/**
 * Path parameters that name a kind, not a record: every organisation has its own of each (the
 * measurement plan's methods), so another organisation reaches its own, never ours
 * (test/integration/review.test.ts).
 */
const PER_ORGANISATION = [/^\/api\/review\/methods\/:method$/]
/** Values for those parameters (not ids: kept apart from the fixture's ids, which no answer may leak). */
const KIND_PARAMS: Record<string, string> = { ':method': 'survey' }

/** A valid body for each write route, so validation passes and the route's own checks are what answer. */
const BODIES: Record<string, unknown> = {
  'POST /api/users/invitations': { email: 'new-person@other.example', role: 'analyst' },
  'PATCH /api/users/:id': { name: 'Renamed' },
  'DELETE /api/users/invitations/:id': undefined,
  'POST /api/locations': { name: 'Intruder branch', kind: 'branch' },
  'PATCH /api/locations/:id': { name: 'Hijacked' },
  'POST /api/locations/:id/archive': {},
  'POST /api/locations/:id/restore': {},
  'POST /api/standards': { code: 'X-1', title: 'T', customerType: 'external', dimension: 'empathy', metric: 'csat', target: 80, tolerance: 5, direction: 'higher' },
  'PATCH /api/standards/:id': { title: 'Hijacked' },
  'POST /api/standards/:id/archive': {},
  'POST /api/standards/:id/restore': {},
  'POST /api/surveys': { title: 'S' },
  'PUT /api/surveys/:id/draft': 'DEFINITION',
  'POST /api/surveys/:id/publish': {},
  'DELETE /api/surveys/:id/draft': undefined,
  'POST /api/surveys/:id/archive': {},
  'POST /api/surveys/:id/restore': {},
  'POST /api/surveys/:id/collectors': { label: 'L', locationId: null, channel: '', responseCap: 10, onePerDevice: true, redirectUrl: 'https://example.com/' },
  'PATCH /api/surveys/:id/collectors/:collectorId': { status: 'closed', responseCap: 1, kiosk: true },
  'POST /api/surveys/:id/collectors/:collectorId/invitations': { csv: 'name,email\nAnn Intruder,ann@other.example\n' },
  'POST /api/shopper/assignments/:id/accept': {},
  'PUT /api/shopper/assignments/:id/draft': { answers: { greeted: { value: false } }, revision: 0 },
  'POST /api/shopper/assignments/:id/submit': { answers: { greeted: { value: false }, queue_time: { value: 1 } }, revision: 0, visitStartedAt: '2026-12-01T09:00:00Z', visitEndedAt: '2026-12-01T09:10:00Z' },
  // The upload is multipart: a JSON body is refused (400), but only after the session, role and ownership checks.
  'POST /api/shopper/assignments/:id/photos': { itemId: 'receipt' },
  'DELETE /api/shopper/assignments/:id/photos/:photoId': undefined,
  'POST /api/audit-templates': { title: 'T' },
  'PUT /api/audit-templates/:id/draft': { definition: { title: 'T', sections: [{ id: 's', title: 'S', items: [{ id: 'greeted', type: 'yes_no', label: 'Greeted?' }] }] } },
  'POST /api/audit-templates/:id/publish': {},
  'DELETE /api/audit-templates/:id/draft': undefined,
  'POST /api/audit-templates/:id/archive': {},
  'POST /api/audit-templates/:id/restore': {},
  'POST /api/assignments': { templateId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', locationId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', shopperId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', visitFrom: '2026-12-01', visitTo: '2026-12-02', dueAt: '2026-12-03' },
  'DELETE /api/assignments/:id': undefined,
  'POST /api/assignments/:id/approve': {},
  'POST /api/assignments/:id/return': { comment: 'Please add the receipt' },
  'POST /api/assignments/:id/reject': { comment: 'Wrong branch' },
  'PATCH /api/assignments/:id/answers': { itemId: 'greeted', answer: { value: false }, reason: 'Hijacked' },
  'POST /api/assignments/:id/disputes': { reason: 'Hijacked' },
  'POST /api/assignments/:id/disputes/:disputeId/resolve': { outcome: 'upheld', resolution: 'Hijacked' },
  'PATCH /api/comments/:id': { label: 'negative', themes: ['wait_time'] },
  'DELETE /api/comments/:id/correction': undefined,
  'DELETE /api/responses/:id': undefined,
  'POST /api/comments/retag': {},
  'POST /api/notifications/read-all': {},
  'POST /api/notifications/:id/read': {},
  'PUT /api/settings/webhook': { url: 'https://hooks.example.net/intruder' },
  'DELETE /api/settings/webhook': undefined,
  'POST /api/settings/webhook/rotate-secret': {},
  'POST /api/settings/webhook/test': {},
  'POST /api/actions': { title: 'Intruder action', startDate: '2026-12-01', standardIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'], locationIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] },
  'PATCH /api/actions/:id': { status: 'abandoned' },
  'DELETE /api/actions/:id': undefined,
  'POST /api/actions/:id/stakeholders': { kind: 'informed', stakeholder: 'Intruder', onDate: '2026-12-01' },
  'DELETE /api/actions/:id/stakeholders/:sid': undefined,
  'POST /api/cases': { channel: 'phone', title: 'Intruder complaint' },
  'PUT /api/cases/settings': { rules: DEFAULT_CASE_RULES, sla: DEFAULT_SLA },
  'PATCH /api/cases/:id': { status: 'in_progress' },
  'POST /api/cases/:id/notes': { text: 'Intruder note' },
  'POST /api/cases/:id/erase-customer': {},
  'PUT /api/review/methods/:method': { used: true, justification: 'Intruder reason', sample_plan: '' },
  'PUT /api/review/notes': { key: '2026-01-01..2026-03-31|*', section: 'summary', text: 'Intruder note' },
  'POST /api/waves': { name: 'W', templateId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', visitFrom: '2026-12-01', visitTo: '2026-12-02', dueAt: '2026-12-03', visits: [{ locationId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', shopperId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }] },
}

/** Query strings for list routes that need one, and the answer another organisation gets (404 when it names our resource). */
const LIST_QUERIES: Record<string, { query: (ids: Record<string, string>) => string; status: number }> = {
  '/api/analytics/trend': { query: (ids) => `standardId=${ids['/api/standards/:id']}`, status: 404 },
  '/api/analytics/breakdown': { query: () => 'by=standard', status: 200 },
  '/api/review/notes': { query: () => `key=${encodeURIComponent('2026-01-01..2026-03-31|*')}`, status: 200 },
}

interface Fixture {
  h: Harness
  adminA: Client
  adminB: Client
  ids: Record<string, string>
  definition: unknown
  /** The shopper whose assignment and photo the ids name. */
  shopper: Client
}

async function buildFixture(): Promise<Fixture> {
  const h = await makeHarness()
  const adminA = await setupOrg(h)
  const adminB = await createOrgDirect(h, 'Other Org', 'admin@other.example')
  const manager = await addUser(h, adminA, 'manager', 'manager@acme.example')
  const managerId = (await manager.get('/api/auth/me')).body.user.id
  const location = (await adminA.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
  const standard = (await adminA.post('/api/standards', BODIES['POST /api/standards'])).body.standard
  const survey = (await adminA.post('/api/surveys', { title: 'Post-visit' })).body
  await adminA.post(`/api/surveys/${survey.survey.id}/publish`)
  const collector = (await adminA.post(`/api/surveys/${survey.survey.id}/collectors`, { label: 'Receipt', locationId: location.id })).body.collector
  const invitation = (await adminA.post('/api/users/invitations', { email: 'pending@acme.example', role: 'analyst' })).body.invitation
  const audit = await approvedAuditWithOpenDispute(h, adminA, location.id)
  const commentId = await surveyComment(h, collector.token)
  const shopperAudit = await shopperAuditWithPhoto(h, adminA)
  const orgA = (await adminA.get('/api/auth/me')).body.organisation.id
  await h.deps.database.atomic(alertStatements(h.deps.database.db, { orgId: orgA, kind: 'sla_breach', dedupeKey: 'security-fixture', title: 'Fixture alert', body: '', link: '' }, new Date().toISOString()))
  const notification = await h.deps.database.db.selectFrom('notification').select('id').where('org_id', '=', orgA).executeTakeFirstOrThrow()
  const action = (await adminA.post('/api/actions', { title: 'Greeter at the door', startDate: '2026-12-01', standardIds: [standard.id], locationIds: [location.id] })).body.action
  const stakeholder = (await adminA.post(`/api/actions/${action.id}/stakeholders`, { kind: 'consulted', stakeholder: 'Store team', onDate: '2026-11-20' })).body.stakeholder
  return {
    h,
    adminA,
    adminB,
    definition: survey.draft.definition,
    shopper: shopperAudit.shopper,
    ids: {
      '/api/users/:id': managerId,
      '/api/users/invitations/:id': invitation.id,
      '/api/locations/:id': location.id,
      '/api/standards/:id': standard.id,
      '/api/surveys/:id': survey.survey.id,
      ':collectorId': collector.id,
      '/api/shopper/assignments/:id': shopperAudit.assignmentId,
      ':photoId': shopperAudit.photoId,
      '/api/photos/:id': shopperAudit.photoId,
      '/api/audit-templates/:id': audit.templateId,
      '/api/assignments/:id': audit.assignmentId,
      ':disputeId': audit.disputeId,
      '/api/comments/:id': commentId,
      '/api/notifications/:id': notification.id,
      '/api/actions/:id': action.id,
      // The fixture's detractor response opened a follow-up case.
      '/api/cases/:id': (await h.deps.database.db.selectFrom('follow_up_case').select('id').executeTakeFirstOrThrow()).id,
      ':sid': stakeholder.id,
      '/api/responses/:id': (await h.deps.database.db.selectFrom('comment').select('source_id').where('id', '=', commentId).executeTakeFirstOrThrow()).source_id,
    },
  }
}

/** A customer's response with a comment on the link: the comment's id. */
async function surveyComment(h: Harness, token: string): Promise<string> {
  const customer = new Client(h)
  const versionId = (await customer.get(`/api/public/s/${token}`)).body.versionId
  const r = await customer.post(`/api/public/s/${token}/responses`, { clientId: 'security-fixture', versionId, answers: { nps: 3, csat: 2, comment: 'Waited 20 minutes and nobody said sorry' } })
  if (r.status !== 201) throw new Error(`response failed: ${r.status} ${JSON.stringify(r.body)}`)
  const row = await h.deps.database.db.selectFrom('comment').select('id').where('source_id', '=', r.body.id).executeTakeFirstOrThrow()
  return row.id
}

/** A published audit template, a shopper, and an approved audit of theirs with an open dispute. */
async function approvedAuditWithOpenDispute(h: Harness, admin: Client, locationId: string) {
  await addUser(h, admin, 'shopper', 'shopper-fixture@acme.example')
  const shopperId = (await admin.get('/api/audit-shoppers')).body.shoppers[0].id
  const template = (await admin.post('/api/audit-templates', { title: 'Branch visit' })).body
  await admin.post(`/api/audit-templates/${template.template.id}/publish`)
  const assignment = (await admin.post('/api/assignments', { templateId: template.template.id, locationId, shopperId, visitFrom: '2026-12-01', visitTo: '2026-12-02', dueAt: '2026-12-03' })).body.assignment
  // The shopper's filling is not what is tested here: the audit is put straight into review.
  await h.deps.database.db
    .updateTable('assignment')
    .set({ status: 'submitted', answers: JSON.stringify({ greeted: { value: true }, queue_time: { value: 120 } }), submitted_at: new Date().toISOString() })
    .where('id', '=', assignment.id)
    .execute()
  await admin.post(`/api/assignments/${assignment.id}/approve`, {})
  const dispute = (await admin.post(`/api/assignments/${assignment.id}/disputes`, { reason: 'The shopper visited on a closing day' })).body.dispute
  return { templateId: template.template.id as string, assignmentId: assignment.id as string, disputeId: dispute.id as string }
}

/** An accepted audit of a shopper of the organisation, with a receipt photo. */
async function shopperAuditWithPhoto(h: Harness, admin: Client) {
  const shopper = await addUser(h, admin, 'shopper', 'walk-shopper@acme.example')
  const who = (await shopper.get('/api/auth/me')).body
  const audit = await insertPublishedTemplate(h.deps.database.db, who.organisation.id, who.user.id)
  const assignmentId = await insertAssignment(h.deps.database.db, who.organisation.id, audit, who.user.id, { status: 'accepted' })
  const photo = await sendForm(shopper, 'POST', `/api/shopper/assignments/${assignmentId}/photos`, photoForm('receipt', PNG_1X1, 'receipt.png', 'image/png'))
  if (photo.status !== 201) throw new Error(`photo upload failed: ${photo.status} ${JSON.stringify(photo.body)}`)
  return { shopper, assignmentId, photoId: photo.body.photo.id as string }
}

function orgRoutes(h: Harness) {
  const seen = new Set<string>()
  const out: { method: string; path: string }[] = []
  for (const r of h.app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue
    if (PUBLIC.some((p) => p.test(r.path))) continue
    const key = `${r.method} ${r.path}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ method: r.method, path: r.path })
  }
  return out
}

/** Fills path parameters with organisation A's ids (the longest matching route prefix names the resource). */
function fill(path: string, ids: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string, offset: number) => {
    if (name !== 'id') {
      const id = ids[`:${name}`] ?? KIND_PARAMS[`:${name}`]
      if (!id) throw new Error(`no fixture id for parameter :${name} in ${path}`)
      return id
    }
    const prefix = path.slice(0, offset) + ':id'
    const id = ids[prefix]
    if (!id) throw new Error(`no fixture id for ${prefix} (route ${path}): add one to the security test fixture`)
    return id
  })
}

function bodyFor(method: string, path: string, f: Fixture): unknown {
  if (method === 'GET') return undefined
  const key = `${method} ${path}`
  if (!(key in BODIES) && !OWN_ACCOUNT.some((p) => p.test(path))) throw new Error(`no sample body for ${key}: add one to the security test`)
  const b = BODIES[key]
  return b === 'DEFINITION' ? { definition: f.definition } : b
}

describe('route security, walking the route table', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await buildFixture()
  })

  it('finds the organisation-scoped routes', () => {
    const routes = orgRoutes(f.h)
    expect(routes.length).toBeGreaterThan(20)
    expect(routes.some((r) => r.path === '/api/dashboard')).toBe(true)
  })

  it('every organisation-scoped route with an id answers 404 to another organisation, and changes nothing', async () => {
    const before = await f.adminA.get(`/api/locations/${f.ids['/api/locations/:id']}`)
    const checked: string[] = []
    for (const r of orgRoutes(f.h)) {
      if (!r.path.includes(':') || OWN_ACCOUNT.some((p) => p.test(r.path)) || SHOPPER_OWN.some((p) => p.test(r.path)) || PER_ORGANISATION.some((p) => p.test(r.path))) continue
      const res = await f.adminB.req(r.method, fill(r.path, f.ids), bodyFor(r.method, r.path, f))
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 404 })
      checked.push(`${r.method} ${r.path}`)
    }
    expect(checked.length).toBeGreaterThan(15)
    const after = await f.adminA.get(`/api/locations/${f.ids['/api/locations/:id']}`)
    expect(after.body).toEqual(before.body)
    expect((await f.adminA.get(`/api/standards/${f.ids['/api/standards/:id']}`)).body.standard.title).toBe('T')
  })

  it('list routes show another organisation none of our data', async () => {
    const ours = Object.values(f.ids)
    for (const r of orgRoutes(f.h)) {
      if (r.method !== 'GET' || r.path.includes(':') || SHOPPER_OWN.some((p) => p.test(r.path))) continue
      const sample = LIST_QUERIES[r.path]
      const res = await f.adminB.get(sample ? `${r.path}?${sample.query(f.ids)}` : r.path)
      expect(res.status, `${r.path}`).toBe(sample?.status ?? 200)
      for (const id of ours) expect(JSON.stringify(res.body), `${r.path} leaks ${id}`).not.toContain(id)
    }
  })

  it('every organisation-scoped route answers 401 without a session', async () => {
    const anon = new Client(f.h)
    for (const r of orgRoutes(f.h)) {
      const res = await anon.req(r.method, fill(r.path, f.ids), bodyFor(r.method, r.path, f))
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 401 })
    }
  })

  it('an analyst (read-only) gets 403 on every write, and can read', async () => {
    const analyst = await addUser(f.h, f.adminA, 'analyst', `analyst-${Date.now()}@acme.example`)
    for (const r of orgRoutes(f.h)) {
      if (r.method === 'GET' || OWN_ACCOUNT.some((p) => p.test(r.path))) continue
      if (READER_WRITES.some((p) => p.test(r.path))) {
        expect((await analyst.req(r.method, fill(r.path, f.ids), bodyFor(r.method, r.path, f))).status, `${r.method} ${r.path}`).toBe(200)
        continue
      }
      const res = await analyst.req(r.method, fill(r.path, f.ids), bodyFor(r.method, r.path, f))
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 403 })
    }
    expect((await analyst.get('/api/dashboard')).status).toBe(200)
    expect((await analyst.get('/api/standards')).status).toBe(200)
    expect((await analyst.get('/api/users')).status).toBe(403)
  })

  it('a shopper cannot see dashboards or any results', async () => {
    const shopper = await addUser(f.h, f.adminA, 'shopper', `shopper-${Date.now()}@acme.example`)
    for (const r of orgRoutes(f.h)) {
      // Their own assignments and their audits' photos: the next test.
      if (OWN_ACCOUNT.some((p) => p.test(r.path)) || SHOPPER_OWN.some((p) => p.test(r.path)) || r.path === '/api/photos/:id') continue
      const res = await shopper.req(r.method, fill(r.path, f.ids), bodyFor(r.method, r.path, f))
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 403 })
    }
    expect((await shopper.get('/api/auth/me')).status).toBe(200)
  })

  it('a shopper reaches only their own assignments and photos: any other shopper gets 404, and nothing changes', async () => {
    const other = await addUser(f.h, f.adminA, 'shopper', `shopper2-${Date.now()}@acme.example`)
    const elsewhere = await addUser(f.h, f.adminB, 'shopper', `shopper-b-${Date.now()}@other.example`)
    const routes = orgRoutes(f.h).filter((r) => SHOPPER_OWN.some((p) => p.test(r.path)) || r.path === '/api/photos/:id')
    expect(routes.length).toBeGreaterThan(6)
    for (const c of [other, elsewhere])
      for (const r of routes) {
        const res = await c.req(r.method, fill(r.path, f.ids), bodyFor(r.method, r.path, f))
        const expected = r.path === '/api/shopper/assignments' ? 200 : 404
        expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: expected })
        if (expected === 200) expect(JSON.stringify(res.body)).not.toContain(f.ids['/api/shopper/assignments/:id'])
      }
    const own = await f.shopper.get(`/api/shopper/assignments/${f.ids['/api/shopper/assignments/:id']}`)
    expect(own.body.assignment).toMatchObject({ status: 'accepted', revision: 0 })
    expect(own.body.photos.map((p: { id: string }) => p.id)).toEqual([f.ids[':photoId']])
    expect((await f.shopper.get(`/api/photos/${f.ids[':photoId']}`)).status).toBe(200)
  })

  it('a manager configures and builds surveys but cannot manage users', async () => {
    const manager = await addUser(f.h, f.adminA, 'manager', `m2-${Date.now()}@acme.example`)
    for (const r of orgRoutes(f.h).filter((r) => r.path.startsWith('/api/users'))) {
      const res = await manager.req(r.method, fill(r.path, f.ids), bodyFor(r.method, r.path, f))
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 403 })
    }
    expect((await manager.post('/api/locations', { name: 'York', kind: 'store' })).status).toBe(201)
  })

  it('a reviewer reads results but cannot change the register', async () => {
    const reviewer = await addUser(f.h, f.adminA, 'reviewer', `r-${Date.now()}@acme.example`)
    expect((await reviewer.get('/api/dashboard')).status).toBe(200)
    expect((await reviewer.post('/api/locations', { name: 'York', kind: 'store' })).status).toBe(403)
    expect((await reviewer.post('/api/surveys', { title: 'S' })).status).toBe(403)
  })
})
