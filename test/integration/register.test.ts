import { describe, expect, it } from 'vitest'
import { makeHarness, setupOrg } from '../helpers/harness.ts'

const csatStandard = { code: 'CSAT-1', title: 'CSAT at least 85%', customerType: 'external', dimension: 'responsiveness', metric: 'csat', target: 85, tolerance: 5, direction: 'higher' }

describe('locations', () => {
  it('are created, edited, archived and restored', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const created = await admin.post('/api/locations', { name: '  Leeds  ', kind: 'branch', code: 'LDS', address: '1 Briggate' })
    expect(created.status).toBe(201)
    const id = created.body.location.id
    expect(created.body.location.name).toBe('Leeds')
    expect((await admin.patch(`/api/locations/${id}`, { name: 'Leeds Briggate' })).body.location.name).toBe('Leeds Briggate')
    expect((await admin.post(`/api/locations/${id}/archive`)).status).toBe(200)
    expect((await admin.get('/api/locations')).body.locations).toEqual([])
    expect((await admin.get('/api/locations?archived=include')).body.locations[0].archived_at).not.toBeNull()
    expect((await admin.post(`/api/locations/${id}/restore`)).status).toBe(200)
    expect((await admin.get('/api/locations')).body.locations).toHaveLength(1)
  })

  it('refuse bad input naming the field, storing nothing', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const r = await admin.post('/api/locations', { name: '', kind: 'castle' })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('validation_failed')
    expect(r.body.error.issues.map((i: any) => i.path).sort()).toEqual(['body.kind', 'body.name'])
    expect(r.body.error.requestId).toBeTruthy()
    expect((await admin.get('/api/locations?archived=include')).body.locations).toEqual([])
    expect((await admin.get('/api/locations/not-an-id')).body.error.issues[0].path).toBe('path.id')
  })
})

describe('service standards', () => {
  it('are created with a target history entry and refuse a duplicate code', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const r = await admin.post('/api/standards', csatStandard)
    expect(r.status).toBe(201)
    const detail = await admin.get(`/api/standards/${r.body.standard.id}`)
    expect(detail.body.targets).toHaveLength(1)
    expect(detail.body.targets[0]).toMatchObject({ target: 85, tolerance: 5, effective_from: '1970-01-01' })
    const dup = await admin.post('/api/standards', { ...csatStandard, title: 'Another' })
    expect(dup.status).toBe(409)
    expect(dup.body.error.issues[0].path).toBe('body.code')
  })

  it('validate targets against the metric’s range, on create and on edit', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const r = await admin.post('/api/standards', { ...csatStandard, metric: 'nps', target: 140 })
    expect(r.status).toBe(400)
    expect(r.body.error.issues).toEqual([{ path: 'body.target', message: 'must be between -100 and 100 for this metric' }])
    const ok = await admin.post('/api/standards', csatStandard)
    const bad = await admin.patch(`/api/standards/${ok.body.standard.id}`, { target: 120 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('body.target')
    expect((await admin.get(`/api/standards/${ok.body.standard.id}`)).body.standard.target).toBe(85)
  })

  it('keep target history: a change applies from its effective date, earlier periods keep the old target', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const id = (await admin.post('/api/standards', csatStandard)).body.standard.id
    const r = await admin.patch(`/api/standards/${id}`, { target: 90, targetEffectiveFrom: '2026-07-01' })
    expect(r.status).toBe(200)
    expect(r.body.standard.target).toBe(90)
    expect(r.body.targets.map((t: any) => [t.effective_from, t.target])).toEqual([
      ['1970-01-01', 85],
      ['2026-07-01', 90],
    ])
    // Title-only edits add no history.
    await admin.patch(`/api/standards/${id}`, { title: 'CSAT 90' })
    expect((await admin.get(`/api/standards/${id}`)).body.targets).toHaveLength(2)
    const june = await admin.get('/api/dashboard?from=2026-06-01&to=2026-06-30')
    expect(june.body.board[0].target.target).toBe(85)
    const july = await admin.get('/api/dashboard?from=2026-07-01&to=2026-07-31')
    expect(july.body.board[0].target.target).toBe(90)
  })

  it('archive and restore', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const id = (await admin.post('/api/standards', csatStandard)).body.standard.id
    await admin.post(`/api/standards/${id}/archive`)
    expect((await admin.get('/api/standards')).body.standards).toEqual([])
    expect((await admin.get('/api/standards?archived=include')).body.standards).toHaveLength(1)
    await admin.post(`/api/standards/${id}/restore`)
    expect((await admin.get('/api/standards')).body.standards).toHaveLength(1)
  })
})
