import { describe, expect, it } from 'vitest'
import { addUser, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'

async function auditOrg(h: Harness) {
  const admin = await setupOrg(h)
  const created = (await admin.post('/api/audit-templates', { title: 'Branch visit' })).body
  const templateId = created.template.id as string
  expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
  const leeds = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
  const york = (await admin.post('/api/locations', { name: 'York', kind: 'branch' })).body.location
  await addUser(h, admin, 'shopper', 'sam@acme.example')
  await addUser(h, admin, 'shopper', 'sue@acme.example')
  const analyst = await addUser(h, admin, 'analyst', 'ann@acme.example')
  const shoppers = (await admin.get('/api/audit-shoppers')).body.shoppers
  return { admin, analyst, templateId, leeds, york, sam: shoppers.find((s: any) => s.email === 'sam@acme.example'), sue: shoppers.find((s: any) => s.email === 'sue@acme.example') }
}

const WINDOW = { visitFrom: '2026-12-01', visitTo: '2026-12-07', dueAt: '2026-12-08' }

describe('assignments', () => {
  it('assigns a visit, lists it with filters, and shows its detail', async () => {
    const h = await makeHarness({ now: new Date('2026-11-25T09:00:00Z') })
    const { admin, templateId, leeds, york, sam, sue } = await auditOrg(h)
    expect((await admin.get('/api/audit-shoppers')).body.shoppers.map((s: any) => s.email).sort()).toEqual(['sam@acme.example', 'sue@acme.example'])
    const r = await admin.post('/api/assignments', { templateId, locationId: leeds.id, shopperId: sam.id, ...WINDOW, instructions: 'Buy a coffee' })
    expect(r.status).toBe(201)
    expect(r.body.assignment).toMatchObject({
      templateId,
      templateTitle: 'Branch visit',
      version: 1,
      locationId: leeds.id,
      locationName: 'Leeds',
      shopperId: sam.id,
      shopperName: 'shopper user',
      waveId: null,
      waveName: null,
      visitFrom: '2026-12-01',
      visitTo: '2026-12-07',
      dueAt: '2026-12-08T23:59:59.999Z',
      instructions: 'Buy a coffee',
      status: 'assigned',
      scorePercent: null,
      outcome: null,
      insufficient: false,
      submittedAt: null,
      approvedAt: null,
      overdue: false,
    })
    await admin.post('/api/assignments', { templateId, locationId: york.id, shopperId: sue.id, ...WINDOW, dueAt: '2026-12-05T17:00:00+01:00' })
    expect((await admin.get('/api/assignments')).body.assignments).toHaveLength(2)
    expect((await admin.get(`/api/assignments?locationId=${york.id}`)).body.assignments.map((a: any) => a.dueAt)).toEqual(['2026-12-05T16:00:00.000Z'])
    expect((await admin.get(`/api/assignments?shopperId=${sam.id}&status=assigned`)).body.assignments).toHaveLength(1)
    expect((await admin.get('/api/assignments?status=approved')).body.assignments).toHaveLength(0)

    const detail = await admin.get(`/api/assignments/${r.body.assignment.id}`)
    expect(detail.status).toBe(200)
    expect(detail.body.assignment).toMatchObject({ id: r.body.assignment.id, answers: {}, revision: 0, visitStartedAt: null, visitEndedAt: null })
    expect(detail.body.definition.sections[0].items.length).toBeGreaterThan(0)
    expect(detail.body.score.percent).toBeNull()
    expect(detail.body).toMatchObject({ events: [], photos: [], disputes: [], namesHidden: false })

    // Past its due time and still with the shopper: overdue.
    h.setNow(new Date('2026-12-09T00:00:00Z'))
    expect((await admin.get(`/api/assignments?locationId=${leeds.id}`)).body.assignments[0].overdue).toBe(true)
  })

  it('refuses bad visits naming the field', async () => {
    const h = await makeHarness()
    const { admin, analyst, templateId, leeds, sam } = await auditOrg(h)
    const base = { templateId, locationId: leeds.id, shopperId: sam.id, ...WINDOW }
    const path = async (body: unknown) => {
      const r = await admin.post('/api/assignments', body)
      expect(r.status).toBe(400)
      return r.body.error.issues.map((i: any) => i.path)
    }
    expect(await path({ ...base, visitTo: '2026-11-30' })).toEqual(['body.visitTo'])
    expect(await path({ ...base, dueAt: '2026-11-30' })).toEqual(['body.dueAt'])
    expect(await path({ ...base, visitFrom: '1 Dec' })).toContain('body.visitFrom')
    expect(await path({ ...base, dueAt: 'tomorrow' })).toEqual(['body.dueAt'])
    expect(await path({ ...base, locationId: 'nope' })).toEqual(['body.locationId'])
    expect(await path({ ...base, templateId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })).toEqual(['body.templateId'])
    const analystId = (await analyst.get('/api/auth/me')).body.user.id
    expect(await path({ ...base, shopperId: analystId })).toEqual(['body.shopperId'])
    await admin.post(`/api/locations/${leeds.id}/archive`)
    expect(await path(base)).toEqual(['body.locationId'])
    await admin.post(`/api/locations/${leeds.id}/restore`)
    const samUser = (await admin.get('/api/users')).body.users.find((u: any) => u.email === 'sam@acme.example')
    await admin.patch(`/api/users/${samUser.id}`, { active: false })
    expect(await path(base)).toEqual(['body.shopperId'])

    const unpublished = (await admin.post('/api/audit-templates', { title: 'Draft only' })).body.template.id
    const r = await admin.post('/api/assignments', { ...base, templateId: unpublished, shopperId: (await admin.get('/api/audit-shoppers')).body.shoppers[0].id })
    expect(r.status).toBe(409)
    expect(r.body.error.message).toMatch(/publish the template first/)
    expect((await admin.get('/api/assignments')).body.assignments).toEqual([])

    expect((await admin.get('/api/assignments?status=lost')).body.error.issues[0].path).toBe('query.status')
    expect((await admin.get('/api/assignments?waveId=abc')).body.error.issues[0].path).toBe('query.waveId')
  })

  it('creates a wave of visits in one write, and refuses duplicates and unknown locations whole', async () => {
    const h = await makeHarness()
    const { admin, templateId, leeds, york, sam, sue } = await auditOrg(h)
    const visits = [
      { locationId: leeds.id, shopperId: sam.id },
      { locationId: york.id, shopperId: sam.id },
      { locationId: leeds.id, shopperId: sue.id },
    ]
    const r = await admin.post('/api/waves', { name: 'December wave', templateId, ...WINDOW, instructions: 'Weekday afternoons', visits })
    expect(r.status).toBe(201)
    expect(r.body.wave).toMatchObject({ name: 'December wave', templateId })
    expect(r.body.assignments).toHaveLength(3)
    expect(r.body.assignments.every((a: any) => a.waveName === 'December wave' && a.status === 'assigned' && a.instructions === 'Weekday afternoons')).toBe(true)
    const waves = (await admin.get('/api/waves')).body.waves
    expect(waves).toEqual([expect.objectContaining({ id: r.body.wave.id, templateTitle: 'Branch visit', counts: { assigned: 3 } })])
    expect((await admin.get(`/api/assignments?waveId=${r.body.wave.id}`)).body.assignments).toHaveLength(3)

    const dup = await admin.post('/api/waves', { name: 'Dup', templateId, ...WINDOW, visits: [visits[0], visits[1], visits[0]] })
    expect(dup.status).toBe(400)
    expect(dup.body.error.issues[0].path).toBe('body.visits.2')
    const unknown = await admin.post('/api/waves', { name: 'Unknown', templateId, ...WINDOW, visits: [visits[0], { locationId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', shopperId: sam.id }] })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.issues[0].path).toBe('body.visits.1.locationId')
    const tooMany = await admin.post('/api/waves', { name: 'Big', templateId, ...WINDOW, visits: Array.from({ length: 501 }, () => visits[0]) })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.issues[0].path).toBe('body.visits')
    expect((await admin.get('/api/assignments')).body.assignments).toHaveLength(3)
    expect((await admin.get('/api/waves')).body.waves).toHaveLength(1)
  })

  it('creates a wave of 500 visits (several statements, one write)', async () => {
    const h = await makeHarness()
    const { admin, templateId, sam } = await auditOrg(h)
    const ids: string[] = []
    for (let i = 0; i < 25; i++) ids.push((await admin.post('/api/locations', { name: `Branch ${i}`, kind: 'branch' })).body.location.id)
    const shopperIds = [sam.id]
    for (let i = 0; i < 19; i++) {
      await addUser(h, admin, 'shopper', `s${i}@acme.example`)
    }
    for (const s of (await admin.get('/api/audit-shoppers')).body.shoppers) if (s.id !== sam.id) shopperIds.push(s.id)
    const visits = ids.flatMap((locationId) => shopperIds.slice(0, 20).map((shopperId) => ({ locationId, shopperId })))
    expect(visits).toHaveLength(500)
    const r = await admin.post('/api/waves', { name: 'Big wave', templateId, ...WINDOW, visits })
    expect(r.status).toBe(201)
    expect(r.body.assignments).toHaveLength(500)
  })

  it('deletes a visit only before it is started', async () => {
    const h = await makeHarness()
    const { admin, templateId, leeds, sam } = await auditOrg(h)
    const a = (await admin.post('/api/assignments', { templateId, locationId: leeds.id, shopperId: sam.id, ...WINDOW })).body.assignment
    const b = (await admin.post('/api/assignments', { templateId, locationId: leeds.id, shopperId: sam.id, ...WINDOW })).body.assignment
    expect((await admin.del(`/api/assignments/${a.id}`)).status).toBe(200)
    expect((await admin.get(`/api/assignments/${a.id}`)).status).toBe(404)
    await h.deps.database.db.updateTable('assignment').set({ status: 'in_progress' }).where('id', '=', b.id).execute()
    expect((await admin.del(`/api/assignments/${b.id}`)).status).toBe(409)
    expect((await admin.get(`/api/assignments/${b.id}`)).body.assignment.status).toBe('in_progress')
  })

  it('lets managers design, analysts and reviewers read, and hides everything from another organisation', async () => {
    const h = await makeHarness()
    const { admin, analyst, templateId, leeds, sam } = await auditOrg(h)
    const manager = await addUser(h, admin, 'manager', 'max@acme.example')
    const reviewer = await addUser(h, admin, 'reviewer', 'rex@acme.example')
    const body = { templateId, locationId: leeds.id, shopperId: sam.id, ...WINDOW }
    const a = await manager.post('/api/assignments', body)
    expect(a.status).toBe(201)
    expect((await analyst.post('/api/assignments', body)).status).toBe(403)
    expect((await reviewer.post('/api/assignments', body)).status).toBe(403)
    expect((await reviewer.post('/api/waves', { name: 'W', ...body, visits: [{ locationId: leeds.id, shopperId: sam.id }] })).status).toBe(403)
    expect((await analyst.del(`/api/assignments/${a.body.assignment.id}`)).status).toBe(403)
    expect((await analyst.get(`/api/assignments/${a.body.assignment.id}`)).status).toBe(200)
    expect((await reviewer.get('/api/assignments')).body.assignments).toHaveLength(1)
    expect((await analyst.get('/api/audit-shoppers')).status).toBe(403)
    const other = await createOrgDirect(h, 'Other', 'boss@other.example')
    expect((await other.get(`/api/assignments/${a.body.assignment.id}`)).status).toBe(404)
    expect((await other.del(`/api/assignments/${a.body.assignment.id}`)).status).toBe(404)
    expect((await other.get('/api/assignments')).body.assignments).toEqual([])
    expect((await other.get('/api/waves')).body.waves).toEqual([])
    expect((await other.get('/api/audit-shoppers')).body.shoppers).toEqual([])
    // Another organisation's template, location and shopper are unknown ids in a body.
    const r = await other.post('/api/assignments', body)
    expect(r.status).toBe(400)
    expect(r.body.error.issues[0].path).toBe('body.templateId')
  })
})
