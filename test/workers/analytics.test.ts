import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { openD1Database } from '../../server/db/d1.ts'
import { Client } from '../helpers/client.ts'

// The standards board on D1: rollup rows of a whole month and of the previous period's days and
// weeks, read as ranges per grain within D1's 100 bound parameters.

const worker = (request: Request) => exports.default.fetch(request)
const PASSWORD = 'correct-horse-battery'

describe('analytics on Workers', () => {
  it('the board answers from rollups on D1, with rows read', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/setup', { organisationName: 'Acme Services', name: 'Ada Admin', email: 'analytics@acme.example', password: PASSWORD })).status).toBe(201)
    const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
    const csat = (await admin.post('/api/standards', { code: 'CSAT', title: 'CSAT ≥ 80%', customerType: 'external', dimension: 'responsiveness', metric: 'csat', target: 80, tolerance: 5, direction: 'higher' })).body.standard
    const created = (await admin.post('/api/surveys', { title: 'After your visit' })).body
    const definition = created.draft.definition
    definition.pages[0].questions[1].standardIds = [csat.id]
    expect((await admin.put(`/api/surveys/${created.survey.id}/draft`, { definition })).status).toBe(200)
    expect((await admin.post(`/api/surveys/${created.survey.id}/publish`)).status).toBe(200)

    const { db } = openD1Database(env.DB)
    const orgId = (await db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id
    const row = (grain: string, bucket: string, counts: number[]) => ({
      org_id: orgId, kind: 'answer' as const, grain: grain as 'day', form_id: created.survey.id, item_id: 'csat', bucket, location_id: location.id, segment: '',
      n: counts.reduce((a, b) => a + b, 0), sum: counts.reduce((a, c, v) => a + c * v, 0),
      ...Object.fromEntries(counts.map((c, v) => [`c${v}`, c])),
    })
    // June: 4 fives, 4 fours, 2 ones → 80%; May: on the 12th, 1 five and 1 one → 50% (its day, week and month rows).
    await db.insertInto('rollup').values([row('month', '2026-06-01', [0, 2, 0, 0, 4, 4]), row('month', '2026-05-01', [0, 1, 0, 0, 0, 1]), row('week', '2026-05-11', [0, 1, 0, 0, 0, 1]), row('day', '2026-05-12', [0, 1, 0, 0, 0, 1])]).execute()

    const r = await admin.get('/api/analytics/board?from=2026-06-01&to=2026-06-30')
    expect(r.status).toBe(200)
    const cell = r.body.standards.find((s: any) => s.standard.id === csat.id).byLocation[0]
    expect(cell).toMatchObject({ locationId: location.id, value: 80, n: 10, status: 'insufficient', change: { previous: { value: 50, n: 2 }, significant: false, direction: 'up' } })
    expect(r.body.rowsRead).toBeGreaterThan(0)
    const trend = await admin.get(`/api/analytics/trend?standardId=${csat.id}&grain=month&from=2026-05-01&to=2026-06-30`)
    expect(trend.body.series.map((p: any) => [p.bucket, p.n])).toEqual([['2026-05-01', 2], ['2026-06-01', 10]])
  })
})
