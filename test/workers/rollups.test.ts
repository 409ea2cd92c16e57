import { env, exports } from 'cloudflare:workers'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openD1Database } from '../../server/db/d1.ts'
import { rebuildRollups } from '../../server/db/repositories/rollups.ts'
import { Client } from '../helpers/client.ts'

// Rollups on Workers: a response's rollups written in its D1 batch by one statement with one JSON
// parameter (D1 binds at most 100 parameters), equal to a rebuild on D1, and taken away by erasure.

const worker = (request: Request) => exports.default.fetch(request)

describe('rollups on Workers', () => {
  it('a response through the worker adds its rollup rows at day, week and month; a rebuild on D1 gives the same; erasure removes them', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/setup', { organisationName: 'Acme Services', name: 'Ada Admin', email: 'admin@acme.example', password: 'correct-horse-battery' })).status).toBe(201)
    const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
    const surveyId = (await admin.post('/api/surveys', { title: 'After your visit' })).body.survey.id
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
    const token = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Receipt', locationId: location.id })).body.collector.token
    const customer = new Client(worker)
    const versionId = (await customer.get(`/api/public/s/${token}`)).body.versionId
    const r = await customer.post(`/api/public/s/${token}/responses`, { clientId: 'worker-rollup-1', versionId, answers: { nps: 9, csat: 4, comment: 'Waited 25 minutes at the till and the staff were rude' } })
    expect(r.status).toBe(201)

    const { db } = openD1Database(env.DB)
    const read = async () => (await sql<Record<string, unknown>>`select * from "rollup" order by "kind", "grain", "form_id", "item_id", "bucket", "location_id", "segment"`.execute(db)).rows
    const rows = await read()
    const nps = rows.filter((x) => x.kind === 'answer' && x.item_id === 'nps')
    expect(nps.map((x) => x.grain).sort()).toEqual(['day', 'month', 'week'])
    expect(nps.every((x) => x.n === 1 && x.sum === 9 && x.c9 === 1 && x.location_id === location.id)).toBe(true)
    // Per link, language and version; the comment by label and themes; the comment's NPS and CSAT.
    expect(rows.filter((x) => x.kind === 'answer_seg' && x.item_id === 'nps').length).toBe(9)
    // Comment rows twice: under the location and under "all locations" ('*').
    expect(rows.filter((x) => x.kind === 'comment' && x.item_id === '' && x.segment === 'negative').map((x) => x.location_id === '*').sort()).toEqual([false, false, false, true, true, true])
    expect(rows.filter((x) => x.kind === 'comment_driver' && x.item_id === '' && x.location_id !== '*').map((x) => `${x.segment} ${x.sum}`).sort()).toEqual(['csat 4', 'csat 4', 'csat 4', 'nps 9', 'nps 9', 'nps 9'])

    await rebuildRollups(openD1Database(env.DB))
    expect(await read()).toEqual(rows)

    expect((await admin.del(`/api/responses/${r.body.id}`)).status).toBe(204)
    expect(await read()).toEqual([])
  })
})
