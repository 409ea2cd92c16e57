import { describe, expect, it } from 'vitest'
import { Client, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { everyType } from '../helpers/surveys.ts'
import { TEMPLATES } from '../../shared/survey/templates.ts'

let n = 0
const cid = () => `client-${Date.now()}-${n++}`

async function publishEveryType(h: Harness) {
  const admin = await setupOrg(h)
  const survey = (await admin.post('/api/surveys', { title: 'Visit check' })).body.survey
  const saved = await admin.put(`/api/surveys/${survey.id}/draft`, { definition: everyType() })
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  expect((await admin.post(`/api/surveys/${survey.id}/publish`)).status).toBe(200)
  const collector = (await admin.post(`/api/surveys/${survey.id}/collectors`, { label: 'Till' })).body.collector
  const anon = new Client(h)
  const versionId = (await anon.get(`/api/public/s/${collector.token}`)).body.versionId as string
  const submit = (answers: Record<string, unknown>, clientId = cid()) => anon.post(`/api/public/s/${collector.token}/responses`, { clientId, versionId, answers })
  return { admin, surveyId: survey.id as string, token: collector.token as string, versionId, submit }
}

const happy = { nps: 9, csat: 5, ces: 6, stars: 4, visit: { selected: [], other: ' Collect a parcel' }, liked: { selected: ['speed', 'staff'] }, greeted: true, name: 'Sam', minutes: 5, visited: '2026-03-04', contact: true }

describe('responses to a survey of every question type', () => {
  it('stores every type in its column and counts the scales in the rollup', async () => {
    const h = await makeHarness()
    const { submit } = await publishEveryType(h)
    const r = await submit(happy)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const rows = await h.deps.database.db.selectFrom('answer').select(['question_id', 'value_num', 'value_text']).orderBy('question_id').execute()
    expect(Object.fromEntries(rows.map((a) => [a.question_id, a.value_num ?? a.value_text]))).toEqual({
      ces: 6,
      contact: 1,
      csat: 5,
      greeted: 1,
      liked: '{"selected":["staff","speed"]}',
      minutes: 5,
      name: 'Sam',
      nps: 9,
      stars: 4,
      visit: '{"selected":[],"other":"Collect a parcel"}',
      visited: '2026-03-04',
    })
    const counted = await h.deps.database.db.selectFrom('answer_daily').select('question_id').orderBy('question_id').execute()
    expect(counted.map((c) => c.question_id)).toEqual(['ces', 'contact', 'csat', 'greeted', 'nps', 'stars'])
  })

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['an unknown question', { ...happy, extra: 1 }, 'extra', /is not a question of this survey version/],
    ['a wrong type', { ...happy, greeted: 'yes' }, 'greeted', /must be yes or no/],
    ['a scale out of range', { ...happy, csat: 6 }, 'csat', /from 1 to 5/],
    ['a rating above its points', { ...happy, stars: 5 }, 'stars', /from 1 to 4/],
    ['an unknown choice', { ...happy, liked: { selected: ['parking'] } }, 'liked', /unknown choice/],
    ['text over its limit', { ...happy, name: 'x'.repeat(21) }, 'name', /at most 20 characters/],
    ['a number out of range', { ...happy, minutes: -1 }, 'minutes', /at least 0/],
    ['an impossible date', { ...happy, visited: '2026-13-01' }, 'visited', /must be a date/],
    ['a missing required visible answer', { ...happy, contact: undefined }, 'contact', /is required/],
    ['a missing answer made required by logic', { nps: 3, csat: 2 }, 'why_low', /is required/],
    ['an answer to a hidden question', { ...happy, why_low: 'It was slow' }, 'why_low', /hidden by the survey’s logic/],
    ['an answer on a hidden page', { nps: 9, csat: 3, greeted: true }, 'greeted', /hidden by the survey’s logic/],
  ])('refuses %s with a 400 naming the question, storing nothing', async (_, answers, questionId, message) => {
    const h = await makeHarness()
    const { submit } = await publishEveryType(h)
    const r = await submit(JSON.parse(JSON.stringify(answers)))
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('validation_failed')
    expect(r.body.error.issues).toContainEqual({ path: `body.answers.${questionId}`, message: expect.stringMatching(message) })
    expect(r.body.error.message).toContain(`answers.${questionId}`)
    expect(await h.deps.database.db.selectFrom('response').selectAll().execute()).toEqual([])
    expect(await h.deps.database.db.selectFrom('answer').selectAll().execute()).toEqual([])
    expect(await h.deps.database.db.selectFrom('answer_daily').selectAll().execute()).toEqual([])
  })

  it('a duplicate client id returns the first result and stores one response', async () => {
    const h = await makeHarness()
    const { submit } = await publishEveryType(h)
    const clientId = cid()
    const first = await submit(happy, clientId)
    const again = await submit({ ...happy, csat: 4 }, clientId)
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ id: first.body.id, duplicate: true })
    expect(await h.deps.database.db.selectFrom('answer').select('value_num').where('question_id', '=', 'csat').execute()).toEqual([{ value_num: 5 }])
  })
})

describe('versions', () => {
  it('editing a published survey leaves old responses and their version untouched; results merge by question id', async () => {
    const h = await makeHarness()
    const { admin, surveyId, versionId, submit, token } = await publishEveryType(h)
    expect((await submit(happy)).status).toBe(201)
    const db = h.deps.database.db
    const v1Before = await db.selectFrom('survey_version').selectAll().where('id', '=', versionId).executeTakeFirstOrThrow()

    const edited = everyType()
    edited.pages[0].questions[1].text = 'How satisfied were you with our team?'
    edited.pages[0].questions.splice(2, 1) // drop CES
    const draft = await admin.put(`/api/surveys/${surveyId}/draft`, { definition: edited })
    expect(draft.status).toBe(201)
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)

    const v1After = await db.selectFrom('survey_version').selectAll().where('id', '=', versionId).executeTakeFirstOrThrow()
    expect({ ...v1After, status: 'published' }).toEqual({ ...v1Before, status: 'published' })
    expect(v1After.status).toBe('archived')

    const anon = new Client(h)
    const v2 = (await anon.get(`/api/public/s/${token}`)).body
    expect(v2.versionId).not.toBe(versionId)
    const { ces: _ces, ...withoutCes } = happy
    expect((await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId: v2.versionId, answers: withoutCes })).status).toBe(201)
    // CES was removed in v2: answering it there is refused.
    const r = await anon.post(`/api/public/s/${token}/responses`, { clientId: cid(), versionId: v2.versionId, answers: happy })
    expect(r.body.error.issues).toEqual([{ path: 'body.answers.ces', message: 'is not a question of this survey version' }])

    const responses = await db.selectFrom('response').select(['version_id']).orderBy('submitted_at').execute()
    expect(responses.map((x) => x.version_id)).toEqual([versionId, v2.versionId])
    // Both versions' CSAT answers count under the same question id.
    const csat = await db.selectFrom('answer_daily').select((eb) => eb.fn.sum<number>('count').as('n')).where('question_id', '=', 'csat').executeTakeFirstOrThrow()
    expect(Number(csat.n)).toBe(2)
  })

  it('a draft is refused with every problem named: logic, choices, bounds, translations', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const survey = (await admin.post('/api/surveys', { title: 'S' })).body.survey
    const bad = everyType()
    bad.pages[0].questions[0].visibleIf = { join: 'all', conditions: [{ questionId: 'csat', op: 'lte', value: 3 }] }
    bad.pages[1].questions[0].choices = []
    bad.pages[0].questions[3].points = 12
    bad.translations = { fr: { title: 'Visite' } }
    const r = await admin.put(`/api/surveys/${survey.id}/draft`, { definition: bad })
    expect(r.status).toBe(400)
    const paths = r.body.error.issues.map((i: any) => i.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.definition.pages.0.questions.0.visibleIf.conditions.0.questionId',
        'body.definition.pages.1.questions.0.choices',
        'body.definition.pages.0.questions.3.points',
        'body.definition.translations.fr.q.nps.text',
      ]),
    )
    const versions = (await admin.get(`/api/surveys/${survey.id}`)).body.versions
    expect(versions[0].definition.pages[0].questions.map((q: any) => q.id)).toEqual(['nps', 'csat', 'comment'])
  })

  it('refuses a link to a standard the question cannot measure', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const nps = (await admin.post('/api/standards', { code: 'NPS', title: 'NPS ≥ +40', customerType: 'external', dimension: 'empathy', metric: 'nps', target: 40, tolerance: 10, direction: 'higher' })).body.standard
    const survey = (await admin.post('/api/surveys', { title: 'S' })).body.survey
    const def = everyType()
    def.pages[1].questions[2].standardIds = [nps.id] // "greeted", a yes/no question
    const r = await admin.put(`/api/surveys/${survey.id}/draft`, { definition: def })
    expect(r.status).toBe(400)
    expect(r.body.error.issues).toEqual([{ path: 'body.definition.pages.1.questions.2.standardIds.0', message: 'is measured by nps, which a yes no question cannot give' }])
    def.pages[1].questions[2].standardIds = []
    def.pages[0].questions[0].standardIds = [nps.id]
    expect((await admin.put(`/api/surveys/${survey.id}/draft`, { definition: def })).status).toBe(200)
  })

  it('starts from each template', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    for (const t of TEMPLATES) {
      const r = await admin.post('/api/surveys', { title: t.name, template: t.id })
      expect(r.status).toBe(201)
      expect(r.body.draft.definition.title).toBe(t.name)
      expect((await admin.post(`/api/surveys/${r.body.survey.id}/publish`)).status).toBe(200)
    }
    const bad = await admin.post('/api/surveys', { title: 'X', template: 'nonsense' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('body.template')
  })

  it('discards a draft only when a published version remains', async () => {
    const h = await makeHarness()
    const { admin, surveyId } = await publishEveryType(h)
    const never = (await admin.post('/api/surveys', { title: 'Never published' })).body.survey
    expect((await admin.del(`/api/surveys/${never.id}/draft`)).status).toBe(409)
    expect((await admin.del(`/api/surveys/${surveyId}/draft`)).status).toBe(409) // no draft yet
    const edited = everyType()
    edited.title = 'Changed'
    await admin.put(`/api/surveys/${surveyId}/draft`, { definition: edited })
    expect((await admin.del(`/api/surveys/${surveyId}/draft`)).status).toBe(200)
    const versions = (await admin.get(`/api/surveys/${surveyId}`)).body.versions
    expect(versions.map((v: any) => v.status)).toEqual(['published'])
  })

  it('archiving a survey closes its links; restoring opens them again', async () => {
    const h = await makeHarness()
    const { admin, surveyId, token, submit } = await publishEveryType(h)
    expect((await admin.post(`/api/surveys/${surveyId}/archive`)).status).toBe(200)
    expect((await new Client(h).get(`/api/public/s/${token}`)).body.state).toBe('closed')
    expect((await submit(happy)).status).toBe(410)
    expect((await admin.post(`/api/surveys/${surveyId}/restore`)).status).toBe(200)
    expect((await submit(happy)).status).toBe(201)
  })
})
