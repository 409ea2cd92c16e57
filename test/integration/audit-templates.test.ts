import { describe, expect, it } from 'vitest'
import { addUser, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'

async function withTemplate(h: Harness) {
  const admin = await setupOrg(h)
  const greet = (await admin.post('/api/standards', { code: 'GREET', title: 'Greet within 30 s', customerType: 'external', dimension: 'responsiveness', metric: 'audit_compliance', target: 95, tolerance: 5, direction: 'higher' })).body.standard
  const created = await admin.post('/api/audit-templates', { title: 'Branch visit' })
  expect(created.status).toBe(201)
  return { admin, greet, templateId: created.body.template.id as string, draft: created.body.draft }
}

describe('audit templates', () => {
  it('creates a template with a starter draft, lists it, and shows its versions', async () => {
    const h = await makeHarness()
    const { admin, templateId, draft } = await withTemplate(h)
    expect(draft).toMatchObject({ version: 1, status: 'draft', publishedAt: null })
    expect(draft.definition.sections).toHaveLength(1)
    expect(draft.definition.title).toBe('Branch visit')
    const list = (await admin.get('/api/audit-templates')).body.templates
    expect(list).toEqual([expect.objectContaining({ id: templateId, title: 'Branch visit', archivedAt: null, publishedVersion: null, hasDraft: true, assignments: 0 })])
    const one = await admin.get(`/api/audit-templates/${templateId}`)
    expect(one.body.template.id).toBe(templateId)
    expect(one.body.versions.map((v: any) => [v.version, v.status])).toEqual([[1, 'draft']])
  })

  it('publishing freezes a version; editing after publish starts v2; an assignment keeps v1', async () => {
    const h = await makeHarness()
    const { admin, templateId, draft, greet } = await withTemplate(h)
    const definition = draft.definition
    definition.sections[0].items[0].standardIds = [greet.id]
    expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition })).status).toBe(200)
    const published = await admin.post(`/api/audit-templates/${templateId}/publish`)
    expect(published.status).toBe(200)
    expect(published.body.published).toMatchObject({ version: 1, status: 'published' })
    expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(409)

    const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
    await addUser(h, admin, 'shopper', 'sam@acme.example')
    const shopper = (await admin.get('/api/audit-shoppers')).body.shoppers[0]
    const a = await admin.post('/api/assignments', { templateId, locationId: location.id, shopperId: shopper.id, visitFrom: '2026-12-01', visitTo: '2026-12-07', dueAt: '2026-12-08' })
    expect(a.status).toBe(201)
    expect(a.body.assignment.version).toBe(1)

    const v2 = structuredClone(definition)
    v2.sections[0].items[0].label = 'Greeted within 20 seconds?'
    const saved = await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: v2 })
    expect(saved.status).toBe(201)
    expect(saved.body.draft.version).toBe(2)
    // A second save edits the same draft.
    expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: v2 })).status).toBe(200)
    const v1 = (await admin.get(`/api/audit-templates/${templateId}`)).body.versions.find((v: any) => v.version === 1)
    expect(v1.definition.sections[0].items[0].label).not.toBe('Greeted within 20 seconds?')
    expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
    const versions = (await admin.get(`/api/audit-templates/${templateId}`)).body.versions.map((v: any) => [v.version, v.status])
    expect(versions).toEqual([
      [2, 'published'],
      [1, 'archived'],
    ])
    const detail = await admin.get(`/api/assignments/${a.body.assignment.id}`)
    expect(detail.body.assignment.version).toBe(1)
    expect(detail.body.definition.sections[0].items[0].label).not.toBe('Greeted within 20 seconds?')
    const later = await admin.post('/api/assignments', { templateId, locationId: location.id, shopperId: shopper.id, visitFrom: '2026-12-01', visitTo: '2026-12-07', dueAt: '2026-12-08' })
    expect(later.body.assignment.version).toBe(2)
    const list = (await admin.get('/api/audit-templates')).body.templates[0]
    expect(list).toMatchObject({ publishedVersion: 2, hasDraft: false, assignments: 2 })
  })

  it('discards a draft only when a published version exists, and archives and restores', async () => {
    const h = await makeHarness()
    const { admin, templateId, draft } = await withTemplate(h)
    expect((await admin.del(`/api/audit-templates/${templateId}/draft`)).status).toBe(409)
    await admin.post(`/api/audit-templates/${templateId}/publish`)
    expect((await admin.del(`/api/audit-templates/${templateId}/draft`)).status).toBe(409)
    await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: draft.definition })
    expect((await admin.del(`/api/audit-templates/${templateId}/draft`)).status).toBe(200)
    expect((await admin.get(`/api/audit-templates/${templateId}`)).body.versions).toHaveLength(1)
    expect((await admin.post(`/api/audit-templates/${templateId}/archive`)).status).toBe(200)
    expect((await admin.get('/api/audit-templates')).body.templates[0].archivedAt).not.toBeNull()
    expect((await admin.post(`/api/audit-templates/${templateId}/restore`)).status).toBe(200)
    expect((await admin.get('/api/audit-templates')).body.templates[0].archivedAt).toBeNull()
  })

  it('refuses bad definitions naming the path, and unknown or archived standards', async () => {
    const h = await makeHarness()
    const { admin, templateId, draft, greet } = await withTemplate(h)
    const dup = structuredClone(draft.definition)
    dup.sections[0].items[1].id = dup.sections[0].items[0].id
    const r = await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: dup })
    expect(r.status).toBe(400)
    expect(r.body.error.issues[0].path).toBe('body.definition.sections.0.items.1.id')

    const badTiming = structuredClone(draft.definition)
    badTiming.sections[0].items[1].thresholdSeconds = 0
    const t = await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: badTiming })
    expect(t.status).toBe(400)
    expect(t.body.error.issues[0].path).toBe('body.definition.sections.0.items.1.thresholdSeconds')

    const unknown = structuredClone(draft.definition)
    unknown.sections[0].items[1].standardIds = ['01ARZ3NDEKTSV4RRFFQ69G5FAV']
    const u = await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: unknown })
    expect(u.status).toBe(400)
    expect(u.body.error.issues[0].path).toBe('body.definition.sections.0.items.1.standardIds.0')

    await admin.post(`/api/standards/${greet.id}/archive`)
    const archived = structuredClone(draft.definition)
    archived.sections[0].items[0].standardIds = [greet.id]
    const a = await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: archived })
    expect(a.status).toBe(400)
    expect(a.body.error.issues[0]).toEqual({ path: 'body.definition.sections.0.items.0.standardIds.0', message: 'is an archived standard' })

    expect((await admin.post('/api/audit-templates', { title: '' })).body.error.issues[0].path).toBe('body.title')
    const stored = (await admin.get(`/api/audit-templates/${templateId}`)).body.versions[0].definition
    expect(stored).toEqual(draft.definition)
  })

  it('is read by analysts and reviewers, designed only by managers and admins; another organisation gets 404', async () => {
    const h = await makeHarness()
    const { admin, templateId, draft } = await withTemplate(h)
    const analyst = await addUser(h, admin, 'analyst', 'ann@acme.example')
    const reviewer = await addUser(h, admin, 'reviewer', 'rex@acme.example')
    const manager = await addUser(h, admin, 'manager', 'max@acme.example')
    const shopper = await addUser(h, admin, 'shopper', 'sam@acme.example')
    expect((await analyst.get(`/api/audit-templates/${templateId}`)).status).toBe(200)
    expect((await reviewer.get('/api/audit-templates')).status).toBe(200)
    expect((await shopper.get('/api/audit-templates')).status).toBe(403)
    expect((await analyst.post('/api/audit-templates', { title: 'X' })).status).toBe(403)
    expect((await reviewer.put(`/api/audit-templates/${templateId}/draft`, { definition: draft.definition })).status).toBe(403)
    expect((await reviewer.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(403)
    expect((await manager.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
    const other = await createOrgDirect(h, 'Other', 'boss@other.example')
    expect((await other.get(`/api/audit-templates/${templateId}`)).status).toBe(404)
    expect((await other.put(`/api/audit-templates/${templateId}/draft`, { definition: draft.definition })).status).toBe(404)
    expect((await other.post(`/api/audit-templates/${templateId}/archive`)).status).toBe(404)
    expect((await other.get('/api/audit-templates')).body.templates).toEqual([])
  })
})
