import { describe, expect, it } from 'vitest'
import { Client, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'

async function publishedSurvey(h: Harness) {
  const admin = await setupOrg(h)
  const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
  const csat = (await admin.post('/api/standards', { code: 'CSAT', title: 'CSAT ≥ 85%', customerType: 'external', dimension: 'responsiveness', metric: 'csat', target: 85, tolerance: 5, direction: 'higher' })).body.standard
  const nps = (await admin.post('/api/standards', { code: 'NPS', title: 'NPS ≥ +40', customerType: 'external', dimension: 'empathy', metric: 'nps', target: 40, tolerance: 10, direction: 'higher' })).body.standard
  const created = (await admin.post('/api/surveys', { title: 'Post-visit' })).body
  const definition = created.draft.definition
  definition.pages[0].questions[0].standardIds = [nps.id]
  definition.pages[0].questions[1].standardIds = [csat.id]
  expect((await admin.put(`/api/surveys/${created.survey.id}/draft`, { definition })).status).toBe(200)
  expect((await admin.post(`/api/surveys/${created.survey.id}/publish`)).status).toBe(200)
  const collector = (await admin.post(`/api/surveys/${created.survey.id}/collectors`, { label: 'Receipt', locationId: location.id, channel: 'receipt' })).body.collector
  return { admin, location, csat, nps, surveyId: created.survey.id as string, definition, collector, token: collector.token as string }
}

let n = 0
const cid = () => `client-${Date.now()}-${n++}`

describe('survey versions', () => {
  it('publishing freezes a version; editing a published survey makes a new draft', async () => {
    const h = await makeHarness()
    const { admin, surveyId, definition } = await publishedSurvey(h)
    const before = (await admin.get(`/api/surveys/${surveyId}`)).body.versions
    expect(before.map((v: any) => [v.version, v.status])).toEqual([[1, 'published']])
    definition.pages[0].questions[1].text = 'How satisfied were you with our team today?'
    const saved = await admin.put(`/api/surveys/${surveyId}/draft`, { definition })
    expect(saved.status).toBe(201)
    expect(saved.body.draft.version).toBe(2)
    const v1 = (await admin.get(`/api/surveys/${surveyId}`)).body.versions.find((v: any) => v.version === 1)
    expect(v1.definition.pages[0].questions[1].text).not.toBe('How satisfied were you with our team today?')
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
    const after = (await admin.get(`/api/surveys/${surveyId}`)).body.versions.map((v: any) => [v.version, v.status])
    expect(after).toEqual([
      [2, 'published'],
      [1, 'archived'],
    ])
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(409)
  })

  it('refuses an invalid definition naming the path, and links to unknown standards', async () => {
    const h = await makeHarness()
    const { admin, surveyId, definition } = await publishedSurvey(h)
    const dup = structuredClone(definition)
    dup.pages[0].questions[2].id = 'nps'
    const r = await admin.put(`/api/surveys/${surveyId}/draft`, { definition: dup })
    expect(r.status).toBe(400)
    expect(r.body.error.issues[0].path).toBe('body.definition.pages.0.questions.2.id')
    const unknown = structuredClone(definition)
    unknown.pages[0].questions[0].standardIds = ['01ARZ3NDEKTSV4RRFFQ69G5FAV']
    const u = await admin.put(`/api/surveys/${surveyId}/draft`, { definition: unknown })
    expect(u.status).toBe(400)
    expect(u.body.error.issues[0].path).toBe('body.definition.pages.0.questions.0.standardIds.0')
    expect((await admin.get(`/api/surveys/${surveyId}`)).body.versions).toHaveLength(1)
  })
})

describe('the respondent endpoints', () => {
  it('serve the published version and store a response with its answers and rollup', async () => {
    const h = await makeHarness()
    const { token, surveyId } = await publishedSurvey(h)
    const anon = new Client(h)
    const survey = await anon.get(`/api/public/s/${token}`)
    expect(survey.body.state).toBe('open')
    const r = await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId: survey.body.versionId, answers: { nps: 9, csat: 4, comment: 'Quick and friendly' } })
    expect(r.status).toBe(201)
    const db = h.deps.database.db
    const stored = await db.selectFrom('response').selectAll().execute()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ survey_id: surveyId, version_id: survey.body.versionId })
    const answers = await db.selectFrom('answer').select(['question_id', 'value_num', 'value_text']).orderBy('question_id').execute()
    expect(answers).toEqual([
      { question_id: 'comment', value_num: null, value_text: 'Quick and friendly' },
      { question_id: 'csat', value_num: 4, value_text: null },
      { question_id: 'nps', value_num: 9, value_text: null },
    ])
    const rollup = await db.selectFrom('answer_daily').select(['question_id', 'value', 'count']).orderBy('question_id').execute()
    expect(rollup).toEqual([
      { question_id: 'csat', value: 4, count: 1 },
      { question_id: 'nps', value: 9, count: 1 },
    ])
  })

  it('a retry with the same client id never creates a duplicate, even when concurrent', async () => {
    const h = await makeHarness()
    const { token } = await publishedSurvey(h)
    const anon = new Client(h)
    const versionId = (await anon.get(`/api/public/s/${token}`)).body.versionId
    const body = { clientId: cid(), versionId, answers: { nps: 10, csat: 5 } }
    const results = await Promise.all(Array.from({ length: 5 }, () => anon.post(`/api/public/s/${token}/responses`, body)))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1)
    expect(await h.deps.database.db.selectFrom('response').selectAll().execute()).toHaveLength(1)
    const counts = await h.deps.database.db.selectFrom('answer_daily').select('count').execute()
    expect(counts.map((c) => c.count)).toEqual([1, 1])
  })

  it('refuse bad answers naming each question, storing nothing', async () => {
    const h = await makeHarness()
    const { token } = await publishedSurvey(h)
    const anon = new Client(h)
    const versionId = (await anon.get(`/api/public/s/${token}`)).body.versionId
    const r = await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId, answers: { nps: 12, nope: 'x' } })
    expect(r.status).toBe(400)
    expect(r.body.error.issues.map((i: any) => i.path).sort()).toEqual(['body.answers.csat', 'body.answers.nope', 'body.answers.nps'])
    const badVersion = await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId: 'nonsense', answers: { nps: 1, csat: 1 } })
    expect(badVersion.status).toBe(400)
    expect(badVersion.body.error.issues[0].path).toBe('body.versionId')
    const badClient = await anon.post(`/api/public/s/${token}/responses`, { clientId: 'x', versionId, answers: {} })
    expect(badClient.body.error.issues[0].path).toBe('body.clientId')
    expect(await h.deps.database.db.selectFrom('response').selectAll().execute()).toEqual([])
    expect(await h.deps.database.db.selectFrom('answer_daily').selectAll().execute()).toEqual([])
  })

  it('accept answers to the version the customer opened after a newer one is published', async () => {
    const h = await makeHarness()
    const { admin, token, surveyId, definition } = await publishedSurvey(h)
    const anon = new Client(h)
    const oldVersion = (await anon.get(`/api/public/s/${token}`)).body.versionId
    definition.pages[0].questions.splice(2, 1)
    await admin.put(`/api/surveys/${surveyId}/draft`, { definition })
    await admin.post(`/api/surveys/${surveyId}/publish`)
    const r = await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId: oldVersion, answers: { nps: 8, csat: 4, comment: 'Fine' } })
    expect(r.status).toBe(201)
    const row = await h.deps.database.db.selectFrom('response').select('version_id').executeTakeFirstOrThrow()
    expect(row.version_id).toBe(oldVersion)
  })

  it('paused and closed links say so and take no responses; unknown links are 404', async () => {
    const h = await makeHarness()
    const { admin, token, surveyId, collector } = await publishedSurvey(h)
    const anon = new Client(h)
    const versionId = (await anon.get(`/api/public/s/${token}`)).body.versionId
    await admin.patch(`/api/surveys/${surveyId}/collectors/${collector.id}`, { status: 'paused' })
    expect((await anon.get(`/api/public/s/${token}`)).body).toMatchObject({ state: 'paused' })
    await admin.patch(`/api/surveys/${surveyId}/collectors/${collector.id}`, { status: 'closed' })
    const page = await anon.get(`/api/public/s/${token}`)
    expect(page.status).toBe(200)
    expect(page.body.state).toBe('closed')
    expect(page.body.message).toMatch(/closed/)
    const r = await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId, answers: { nps: 9, csat: 5 } })
    // Closed for good: 410 Gone (a paused link's 409 may change).
    expect(r.status).toBe(410)
    expect((await anon.get('/api/public/s/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404)
  })

  it('an unpublished survey’s link shows "not open yet"', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const s = (await admin.post('/api/surveys', { title: 'Draft only' })).body.survey
    const col = (await admin.post(`/api/surveys/${s.id}/collectors`, { label: 'L' })).body.collector
    expect((await new Client(h).get(`/api/public/s/${col.token}`)).body.state).toBe('unpublished')
  })
})

describe('the dashboard', () => {
  it('shows NPS and CSAT with n against the standards’ targets, overall and by location', async () => {
    const h = await makeHarness({ minSample: 3 })
    const { admin, token, location, csat, nps } = await publishedSurvey(h)
    const anon = new Client(h)
    const versionId = (await anon.get(`/api/public/s/${token}`)).body.versionId
    // CSAT answers 5, 4, 4, 2 → 3/4 = 75% (red against 85 ± 5); NPS 10, 9, 7, 3 → 50 − 25 = 25 (red against 40 ± 10).
    const answers = [
      { nps: 10, csat: 5 },
      { nps: 9, csat: 4 },
      { nps: 7, csat: 4 },
      { nps: 3, csat: 2 },
    ]
    for (const a of answers) expect((await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId, answers: a })).status).toBe(201)
    const d = (await admin.get('/api/dashboard')).body
    expect(d.headline.nps).toMatchObject({ value: 25, n: 4 })
    expect(d.headline.csat).toMatchObject({ value: 75, n: 4 })
    const csatRow = d.board.find((r: any) => r.standard.id === csat.id)
    expect(csatRow.overall).toMatchObject({ value: 75, n: 4, status: 'red' })
    expect(csatRow.target).toEqual({ target: 85, tolerance: 5, direction: 'higher' })
    expect(csatRow.byLocation).toEqual([expect.objectContaining({ locationId: location.id, value: 75, n: 4, status: 'red' })])
    const npsRow = d.board.find((r: any) => r.standard.id === nps.id)
    expect(npsRow.overall).toMatchObject({ value: 25, n: 4, status: 'red' })
    expect(d.rowsRead).toBeGreaterThan(0)
    // Amber: one more satisfied answer → 4/5 = 80%, within 5 points of 85.
    await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId, answers: { nps: 10, csat: 5 } })
    expect((await admin.get('/api/dashboard')).body.board.find((r: any) => r.standard.id === csat.id).overall.status).toBe('amber')
  })

  it('says "insufficient" below the minimum sample and filters by period and location', async () => {
    const h = await makeHarness()
    const { admin, token, csat, location } = await publishedSurvey(h)
    const anon = new Client(h)
    const versionId = (await anon.get(`/api/public/s/${token}`)).body.versionId
    await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId, answers: { nps: 10, csat: 5 } })
    const row = (await admin.get('/api/dashboard')).body.board.find((r: any) => r.standard.id === csat.id)
    expect(row.overall).toMatchObject({ n: 1, status: 'insufficient' })
    expect((await admin.get('/api/dashboard?from=2020-01-01&to=2020-01-31')).body.headline.csat.n).toBe(0)
    const other = (await admin.post('/api/locations', { name: 'York', kind: 'store' })).body.location
    expect((await admin.get(`/api/dashboard?locationId=${other.id}`)).body.headline.csat.n).toBe(0)
    expect((await admin.get(`/api/dashboard?locationId=${location.id}`)).body.headline.csat.n).toBe(1)
    const bad = await admin.get('/api/dashboard?from=2026-02-01&to=2026-01-01')
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('query.from')
  })
})
