import { describe, expect, it } from 'vitest'
import { addUser, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'

async function resultsOrg(h: Harness) {
  const admin = await setupOrg(h)
  const std = (code: string) => ({ code, title: `${code} standard`, customerType: 'external', dimension: 'responsiveness', metric: 'audit_compliance', target: 90, tolerance: 10, direction: 'higher' })
  const greet = (await admin.post('/api/standards', std('GREET'))).body.standard
  const queue = (await admin.post('/api/standards', std('QUEUE'))).body.standard
  const templateId = (await admin.post('/api/audit-templates', { title: 'Branch visit' })).body.template.id
  const definition = {
    title: 'Branch visit',
    sections: [
      {
        id: 'visit',
        title: 'The visit',
        items: [
          { id: 'greeted', type: 'yes_no', label: 'Greeted within 30 seconds?', naAllowed: true, standardIds: [greet.id] },
          { id: 'queue_time', type: 'timing', label: 'Wait to be served', thresholdSeconds: 300, naAllowed: true, standardIds: [queue.id] },
        ],
      },
    ],
  }
  expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition })).status).toBe(200)
  expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
  const leeds = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
  const york = (await admin.post('/api/locations', { name: 'York', kind: 'branch' })).body.location
  await addUser(h, admin, 'shopper', 'sam@acme.example')
  const shopperId = (await admin.get('/api/audit-shoppers')).body.shoppers[0].id

  /** An audit of the location, put into review with these answers and visit date; approved unless told. */
  const audit = async (locationId: string, greeted: boolean | 'na', queueSeconds: number | 'na', visitDay: string, approve = true) => {
    const id = (await admin.post('/api/assignments', { templateId, locationId, shopperId, visitFrom: '2026-11-01', visitTo: '2026-12-31', dueAt: '2026-12-31' })).body.assignment.id
    const answers = {
      greeted: greeted === 'na' ? { na: true } : { value: greeted },
      queue_time: queueSeconds === 'na' ? { na: true } : { value: queueSeconds },
    }
    await h.deps.database.db
      .updateTable('assignment')
      .set({ status: 'submitted', answers: JSON.stringify(answers), visit_started_at: `${visitDay}T11:00:00.000Z`, submitted_at: `${visitDay}T12:00:00.000Z` })
      .where('id', '=', id)
      .execute()
    if (approve) expect((await admin.post(`/api/assignments/${id}/approve`, {})).status).toBe(200)
    return id as string
  }
  return { admin, greet, queue, templateId, leeds, york, audit }
}

describe('audit results', () => {
  it('count approved audits only: location means of visits, compliance per standard, per location and per month', async () => {
    const h = await makeHarness({ now: new Date('2026-12-20T09:00:00Z') })
    const { admin, greet, queue, templateId, leeds, york, audit } = await resultsOrg(h)
    // Leeds: 100% (1/1, queue N/A), 0% (0/2), 50% (1/2). Mean of visits 50%; pooled points would give 40%.
    await audit(leeds.id, true, 'na', '2026-11-15')
    await audit(leeds.id, false, 420, '2026-12-02')
    await audit(leeds.id, true, 420, '2026-12-03')
    // Nothing applicable: no percentage, so it is left out of the visits and the mean.
    await audit(leeds.id, 'na', 'na', '2026-12-04')
    // York: two approved at 100%, one still waiting for review, one returned.
    await audit(york.id, true, 120, '2026-12-05')
    await audit(york.id, true, 120, '2026-12-06')
    const waiting = await audit(york.id, false, 600, '2026-12-07', false)
    const returned = await audit(york.id, false, 600, '2026-12-07', false)
    await admin.post(`/api/assignments/${returned}/return`, { comment: 'Check the times' })

    const r = await admin.get('/api/audit-results')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ from: '2026-09-22', to: '2026-12-20', minAudits: 3 })
    // From the audit_visit and audit_standard rollups, with the rows read.
    expect(r.body.rowsRead).toBeGreaterThan(0)
    const byName = Object.fromEntries(r.body.locations.map((l: any) => [l.name, l]))
    expect(byName.Leeds).toMatchObject({ locationId: leeds.id, visits: 3, insufficient: false, outcomes: { pass: 1, amber: 0, fail: 2, critical_fail: 0 } })
    expect(byName.Leeds.meanPercent).toBeCloseTo(50, 6)
    expect(byName.York).toMatchObject({ visits: 2, meanPercent: 100, insufficient: true })

    const s = Object.fromEntries(r.body.standards.map((x: any) => [x.code, x]))
    // GREET: Leeds 2 of 3, York 2 of 2 → 4/5 = 80%, amber (target 90, tolerance 10).
    expect(s.GREET).toMatchObject({ standardId: greet.id, title: 'GREET standard', target: 90, tolerance: 10, direction: 'higher', applicable: 5, passed: 4, compliance: 80, visits: 5, status: 'amber' })
    // QUEUE: Leeds 0 of 2, York 2 of 2 → 50%, red.
    expect(s.QUEUE).toMatchObject({ applicable: 4, passed: 2, compliance: 50, visits: 4, status: 'red' })
    const cell = (l: string, st: string) => r.body.byLocationStandard.find((x: any) => x.locationId === l && x.standardId === st)
    expect(cell(leeds.id, greet.id)).toMatchObject({ applicable: 3, passed: 2, visits: 3 })
    expect(cell(york.id, queue.id)).toMatchObject({ applicable: 2, passed: 2, compliance: 100, visits: 2 })
    expect(r.body.months.filter((m: any) => m.standardId === greet.id).map((m: any) => [m.month, m.applicable, m.passed, m.visits])).toEqual([
      ['2026-11', 1, 1, 1],
      ['2026-12', 4, 3, 4],
    ])
    const leedsMonths = r.body.locationMonths.filter((m: any) => m.locationId === leeds.id)
    expect(leedsMonths.map((m: any) => [m.month, m.visits, m.meanPercent])).toEqual([
      ['2026-11', 1, 100],
      ['2026-12', 2, 25],
    ])

    // Approving the waiting audit changes York's and the standards' figures at once.
    await admin.post(`/api/assignments/${waiting}/approve`, {})
    const after = (await admin.get('/api/audit-results')).body
    const york2 = after.locations.find((l: any) => l.locationId === york.id)
    expect(york2).toMatchObject({ visits: 3, insufficient: false })
    expect(york2.meanPercent).toBeCloseTo(200 / 3, 6)
    expect(after.standards.find((x: any) => x.code === 'GREET')).toMatchObject({ applicable: 6, passed: 4, visits: 6, status: 'red' })

    // Filters: period, location, template.
    const dec = (await admin.get('/api/audit-results?from=2026-12-01&to=2026-12-31')).body
    expect(dec.locations.find((l: any) => l.locationId === leeds.id).visits).toBe(2)
    const onlyLeeds = (await admin.get(`/api/audit-results?locationId=${leeds.id}`)).body
    expect(onlyLeeds.locations.map((l: any) => l.name)).toEqual(['Leeds'])
    expect(onlyLeeds.standards.find((x: any) => x.code === 'GREET')).toMatchObject({ applicable: 3, passed: 2, visits: 3, status: 'red' })
    const other = (await admin.post('/api/audit-templates', { title: 'Phone line' })).body.template.id
    expect((await admin.get(`/api/audit-results?templateId=${other}`)).body.locations).toEqual([])
    expect((await admin.get(`/api/audit-results?templateId=${templateId}`)).body.locations).toHaveLength(2)
  })

  it('an upheld dispute takes the audit out of the results', async () => {
    const h = await makeHarness({ now: new Date('2026-12-20T09:00:00Z') })
    const { admin, leeds, audit } = await resultsOrg(h)
    const ids = [await audit(leeds.id, true, 120, '2026-12-01'), await audit(leeds.id, true, 120, '2026-12-02'), await audit(leeds.id, false, 600, '2026-12-03')]
    expect((await admin.get('/api/audit-results')).body.standards.find((x: any) => x.code === 'GREET')).toMatchObject({ visits: 3, passed: 2 })
    const d = (await admin.post(`/api/assignments/${ids[2]}/disputes`, { reason: 'Wrong branch' })).body.dispute
    await admin.post(`/api/assignments/${ids[2]}/disputes/${d.id}/resolve`, { outcome: 'upheld', resolution: 'Confirmed' })
    const r = (await admin.get('/api/audit-results')).body
    expect(r.standards.find((x: any) => x.code === 'GREET')).toMatchObject({ visits: 2, passed: 2, compliance: 100, status: 'insufficient' })
    expect(r.locations[0]).toMatchObject({ visits: 2, meanPercent: 100, insufficient: true })
  })

  it('validates the query, is read by results readers only, and shows another organisation nothing', async () => {
    const h = await makeHarness({ now: new Date('2026-12-20T09:00:00Z') })
    const { admin, leeds, audit } = await resultsOrg(h)
    await audit(leeds.id, true, 120, '2026-12-01')
    expect((await admin.get('/api/audit-results?from=2026-12-10&to=2026-12-01')).body.error.issues[0].path).toBe('query.from')
    expect((await admin.get('/api/audit-results?from=yesterday')).body.error.issues[0].path).toBe('query.from')
    expect((await admin.get('/api/audit-results?locationId=leeds')).body.error.issues[0].path).toBe('query.locationId')
    const analyst = await addUser(h, admin, 'analyst', 'ann@acme.example')
    const reviewer = await addUser(h, admin, 'reviewer', 'rex@acme.example')
    const shopper = await addUser(h, admin, 'shopper', 'sue@acme.example')
    expect((await analyst.get('/api/audit-results')).body.locations).toHaveLength(1)
    expect((await reviewer.get('/api/audit-results')).status).toBe(200)
    expect((await shopper.get('/api/audit-results')).status).toBe(403)
    const other = await createOrgDirect(h, 'Other', 'boss@other.example')
    const theirs = (await other.get(`/api/audit-results?locationId=${leeds.id}`)).body
    expect(theirs).toMatchObject({ locations: [], standards: [], byLocationStandard: [], months: [], locationMonths: [] })
  })
})
