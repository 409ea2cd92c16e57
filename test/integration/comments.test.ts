import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { insertAssignment, insertPublishedTemplate, SHOPPER_TEMPLATE } from '../helpers/shopper-fixture.ts'
import { tag, TAGGER_VERSION, THEMES } from '../../shared/sentiment/index.ts'
import { themeMask } from '../../server/domain/comments.ts'
import { ZAuditTemplateDefinition } from '../../shared/audit/template.ts'

// Comments through the API: tagged when stored (survey answers and approved audit narratives),
// listed with filters and pages, names hidden by role, corrected, exported as dev.jsonl.

const DEFINITION = {
  title: 'After your visit',
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'csat', type: 'csat', text: 'How satisfied were you?', required: true },
        { id: 'comment', type: 'comment', text: 'What is the main reason for your score?' },
        { id: 'extra', type: 'short_text', text: 'Anything else?' },
      ],
    },
  ],
}

const COMPLAINT = 'Waited 40 minutes in the queue and the staff were rude. Terrible.'
const PRAISE = 'Lovely friendly staff, spotless store, would recommend'
const FRENCH = 'Le personnel était très aimable et le magasin était propre'

interface World {
  h: Harness
  admin: Client
  surveyId: string
  leeds: string
  york: string
  links: Record<string, string>
  versionId: string
}

async function world(): Promise<World> {
  const h = await makeHarness({ now: new Date('2026-09-10T12:00:00Z') })
  const admin = await setupOrg(h)
  const leeds = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location.id
  const york = (await admin.post('/api/locations', { name: 'York', kind: 'store' })).body.location.id
  const surveyId = (await admin.post('/api/surveys', { title: 'After your visit' })).body.survey.id
  expect((await admin.put(`/api/surveys/${surveyId}/draft`, { definition: DEFINITION })).status).toBe(200)
  expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
  const links: Record<string, string> = {}
  for (const [name, locationId] of [['leeds', leeds], ['york', york]] as const)
    links[name] = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: name, locationId })).body.collector.token
  const versionId = (await new Client(h).get(`/api/public/s/${links.leeds}`)).body.versionId
  return { h, admin, surveyId, leeds, york, links, versionId }
}

let seq = 0
async function respond(w: World, link: 'leeds' | 'york', at: string, answers: Record<string, unknown>, clientId = `client-${++seq}-${Date.now()}`) {
  w.h.setNow(new Date(at))
  const r = await new Client(w.h).post(`/api/public/s/${w.links[link]}/responses`, { clientId, versionId: w.versionId, answers: { csat: 3, ...answers } })
  expect([200, 201], JSON.stringify(r.body)).toContain(r.status)
  return r.body.id as string
}

describe('comments', () => {
  let w: World
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    w = await world()
    ids.complaint = await respond(w, 'leeds', '2026-06-03T10:00:00Z', { csat: 1, comment: COMPLAINT, extra: '   ' })
    ids.praise = await respond(w, 'york', '2026-07-04T10:00:00Z', { csat: 5, comment: PRAISE, extra: 'Thanks!' })
    ids.french = await respond(w, 'leeds', '2026-08-05T10:00:00Z', { comment: FRENCH })
    ids.none = await respond(w, 'york', '2026-08-06T10:00:00Z', {})
    w.h.setNow(new Date('2026-09-10T12:00:00Z'))
  })

  it('tags every non-empty free-text answer in the write that stores the response', async () => {
    const db = w.h.deps.database.db
    const rows = await db.selectFrom('comment').selectAll().orderBy('at').orderBy('field_id').execute()
    // The blank short answer and the response without text have none.
    expect(rows.map((r) => [r.source_id, r.field_id])).toEqual([
      [ids.complaint, 'comment'],
      [ids.praise, 'comment'],
      [ids.praise, 'extra'],
      [ids.french, 'comment'],
    ])
    for (const r of rows) {
      const t = tag(r.text)
      expect(r).toMatchObject({ source: 'survey', form_id: w.surveyId, label: t.label, score: t.score, themes: themeMask(t.themes), tagger_version: TAGGER_VERSION, final_label: t.label, final_themes: themeMask(t.themes), corrected_label: null })
    }
    const complaint = rows[0]!
    expect(complaint).toMatchObject({ label: 'negative', location_id: w.leeds, at: '2026-06-03T10:00:00.000Z', language: 'en' })
    expect(complaint.themes & themeMask(['wait_time'])).not.toBe(0)
    expect(rows[1]!.label).toBe('positive')
    // Not English: the tagger says so rather than guessing.
    expect(rows[3]!.label).toBeNull()

    // A retried submission stores no second set of comments.
    w.h.setNow(new Date('2026-06-03T10:00:01Z'))
    const clientId = "retry-me-please"
    const retried = await respond(w, 'leeds', '2026-06-03T10:05:00Z', { comment: 'Fine' }, clientId)
    const before = await db.selectFrom('comment').select('id').execute()
    const retry = await new Client(w.h).post(`/api/public/s/${w.links.leeds}/responses`, { clientId, versionId: w.versionId, answers: { csat: 3, comment: 'Fine' } })
    expect(retry.body.duplicate).toBe(true)
    expect(await db.selectFrom('comment').select('id').execute()).toHaveLength(before.length)
    // Erased through the API, so its counts leave the rollups with it.
    expect((await w.admin.del(`/api/responses/${retried}`)).status).toBe(204)
    w.h.setNow(new Date('2026-09-10T12:00:00Z'))
  })

  it('lists comments newest first with their form, field, location, tag, evidence and link', async () => {
    const r = await w.admin.get('/api/comments')
    expect(r.status).toBe(200)
    expect(r.body.total).toBe(4)
    expect(r.body.nextCursor).toBeNull()
    const list = r.body.comments
    expect(list.map((c: any) => c.text)).toEqual([FRENCH, expect.any(String), expect.any(String), COMPLAINT])
    const complaint = list[3]
    expect(complaint).toMatchObject({
      source: 'survey',
      sourceId: ids.complaint,
      fieldId: 'comment',
      formId: w.surveyId,
      formTitle: 'After your visit',
      fieldLabel: 'What is the main reason for your score?',
      locationId: w.leeds,
      locationName: 'Leeds',
      at: '2026-06-03T10:00:00.000Z',
      label: 'negative',
      tagger: { label: 'negative', version: TAGGER_VERSION },
      corrected: null,
      link: `/surveys/${w.surveyId}`,
    })
    expect(complaint.themes).toEqual(tag(COMPLAINT).themes)
    expect(complaint.themes).toContain('wait_time')
    // The words that drove the label, as spans of the text.
    expect(complaint.evidence.length).toBeGreaterThan(0)
    for (const e of complaint.evidence) {
      expect(e.start).toBeGreaterThanOrEqual(0)
      expect(e.end).toBeLessThanOrEqual(COMPLAINT.length)
      expect([1, -1]).toContain(e.polarity)
    }
    expect(complaint.evidence.some((e: any) => e.polarity === -1)).toBe(true)
    expect(list[0].label).toBeNull()
  })

  it('filters by label (unknown for non-English), theme, location, survey, period, score and text', async () => {
    const texts = async (query: string) => {
      const r = await w.admin.get(`/api/comments?${query}`)
      expect(r.status, query).toBe(200)
      expect(r.body.total, query).toBe(r.body.comments.length)
      return r.body.comments.map((c: any) => c.text)
    }
    expect(await texts('label=negative')).toEqual([COMPLAINT])
    expect(await texts('label=unknown')).toEqual([FRENCH])
    expect(await texts('theme=wait_time')).toEqual([COMPLAINT])
    expect((await texts(`locationId=${w.york}`)).sort()).toEqual([PRAISE, 'Thanks!'].sort())
    expect((await texts(`surveyId=${w.surveyId}`)).length).toBe(4)
    expect(await texts(`templateId=${w.surveyId}`)).toEqual([])
    expect((await texts('source=survey')).length).toBe(4)
    expect(await texts('source=audit')).toEqual([])
    expect(await texts('from=2026-06-01&to=2026-06-30')).toEqual([COMPLAINT])
    // `to` takes in the whole of its last day.
    expect(await texts('from=2026-06-03&to=2026-06-03')).toEqual([COMPLAINT])
    expect(await texts('maxScore=-0.01')).toEqual([COMPLAINT])
    expect((await texts('minScore=0.01')).sort()).toEqual([PRAISE, 'Thanks!'].filter((t) => tag(t).score >= 0.01).sort())
    expect(await texts('q=QUEUE')).toEqual([COMPLAINT])
    expect(await texts('q=40%20minutes')).toEqual([COMPLAINT])
    // % and _ are searched for as themselves.
    expect(await texts('q=4_%20minutes')).toEqual([])
    expect(await texts('q=%25')).toEqual([])
    expect(await texts(`label=negative&locationId=${w.york}`)).toEqual([])
  })

  it('pages through comments with a keyset cursor', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const r: any = await w.admin.get(`/api/comments?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      expect(r.status).toBe(200)
      expect(r.body.total).toBe(4)
      seen.push(...r.body.comments.map((c: any) => c.id))
      cursor = r.body.nextCursor
      pages++
    } while (cursor && pages < 10)
    const all = (await w.admin.get('/api/comments')).body.comments.map((c: any) => c.id)
    expect(seen).toEqual(all)
    expect(pages).toBe(4)
  })

  it('refuses bad filters with a 400 naming the field', async () => {
    for (const [query, path] of [
      ['label=angry', 'query.label'],
      ['theme=parking', 'query.theme'],
      ['locationId=nope', 'query.locationId'],
      ['from=2026-13-01', 'query.from'],
      ['from=2026-06-02&to=2026-06-01', 'query.from'],
      ['minScore=abc', 'query.minScore'],
      ['minScore=0.5&maxScore=0.1', 'query.minScore'],
      ['source=email', 'query.source'],
      ['limit=0', 'query.limit'],
      ['cursor=not-a-cursor', 'query.cursor'],
    ]) {
      const r = await w.admin.get(`/api/comments?${query}`)
      expect({ query, status: r.status }).toEqual({ query, status: 400 })
      expect(r.body.error.issues.map((i: any) => i.path), query).toContain(path)
    }
    expect((await w.admin.get('/api/comments/themes?theme=parking')).status).toBe(400)
  })

  it('summarises themes: count, negative share and months', async () => {
    const r = await w.admin.get('/api/comments/themes')
    expect(r.status).toBe(200)
    expect(r.body.total).toBe(4)
    expect(r.body.themes.map((t: any) => t.theme).sort()).toEqual([...THEMES].sort())
    const wait = r.body.themes.find((t: any) => t.theme === 'wait_time')
    expect(wait).toMatchObject({ count: 1, negative: 1, negativeShare: 1 })
    expect(wait.months.map((m: any) => m.month)).toEqual(['2026-06', '2026-07', '2026-08'])
    expect(wait.months[0]).toEqual({ month: '2026-06', count: 1, negative: 1 })
    // Sorted by count, most talked-about first.
    const counts = r.body.themes.map((t: any) => t.count)
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a))
    const filtered = await w.admin.get(`/api/comments/themes?locationId=${w.york}&from=2026-07-01&to=2026-08-31`)
    expect(filtered.body.total).toBe(2)
    expect(filtered.body.themes.find((t: any) => t.theme === 'wait_time')).toMatchObject({ count: 0, negativeShare: null })
    expect(filtered.body.themes[0].months.map((m: any) => m.month)).toEqual(['2026-07', '2026-08'])
    // Read from the comment rollups, rows read reported; a text search reads the comments themselves.
    expect(r.body).toMatchObject({ readFrom: 'rollups', rowsRead: expect.any(Number) })
    expect(r.body.rowsRead).toBeGreaterThan(0)
    const june = await w.admin.get('/api/comments/themes?from=2026-06-02&to=2026-06-20')
    expect(june.body).toMatchObject({ total: 1, readFrom: 'rollups' })
    expect(june.body.themes.find((t: any) => t.theme === 'wait_time').months).toEqual([{ month: '2026-06', count: 1, negative: 1 }])
    const searched = await w.admin.get('/api/comments/themes?q=queue')
    expect(searched.body).toMatchObject({ total: 1, readFrom: 'comments', rowsRead: 1 })
    expect(searched.body.themes.find((t: any) => t.theme === 'wait_time')).toMatchObject({ count: 1, negative: 1 })
  })

  it('a manager corrects a comment: label and themes stick, analytics use them, the correction can be removed', async () => {
    const manager = await addUser(w.h, w.admin, 'manager', 'manager@acme.example')
    const analyst = await addUser(w.h, w.admin, 'analyst', 'analyst@acme.example')
    const list = (await w.admin.get('/api/comments?label=positive')).body.comments
    const praise = list.find((c: any) => c.text === PRAISE)
    expect((await analyst.patch(`/api/comments/${praise.id}`, { label: 'mixed', themes: [] })).status).toBe(403)
    const bad = await manager.patch(`/api/comments/${praise.id}`, { label: 'furious', themes: ['parking'] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['body.label', 'body.themes.0']))

    w.h.setNow(new Date('2026-09-11T09:00:00Z'))
    const r = await manager.patch(`/api/comments/${praise.id}`, { label: 'mixed', themes: ['price_value', 'cleanliness', 'price_value'] })
    expect(r.status).toBe(200)
    expect(r.body.comment).toMatchObject({
      label: 'mixed',
      // Vocabulary order, once each.
      themes: ['cleanliness', 'price_value'],
      tagger: { label: 'positive', themes: tag(PRAISE).themes },
      corrected: { by: 'manager user', at: '2026-09-11T09:00:00.000Z' },
      evidence: [],
    })
    expect((await analyst.get('/api/comments?label=mixed')).body.comments.map((c: any) => c.id)).toEqual([praise.id])
    expect((await analyst.get('/api/comments?theme=price_value')).body.total).toBe(1)
    expect((await analyst.get(`/api/comments/${praise.id}`)).body.comment.label).toBe('mixed')

    const cleared = await manager.del(`/api/comments/${praise.id}/correction`)
    expect(cleared.body.comment).toMatchObject({ label: 'positive', themes: tag(PRAISE).themes, corrected: null })
    expect(cleared.body.comment.evidence.length).toBeGreaterThan(0)
  })

  it('exports every correction as dev.jsonl lines that read back as the same labels and themes', async () => {
    const list = (await w.admin.get('/api/comments')).body.comments
    const corrections = [
      { id: list.find((c: any) => c.text === COMPLAINT).id, label: 'negative', themes: ['staff_attitude', 'wait_time'] },
      { id: list.find((c: any) => c.text === FRENCH).id, label: 'positive', themes: ['staff_attitude', 'cleanliness'] },
      { id: list.find((c: any) => c.text === 'Thanks!').id, label: 'neutral', themes: [] },
    ]
    for (const c of corrections) expect((await w.admin.patch(`/api/comments/${c.id}`, { label: c.label, themes: c.themes })).status).toBe(200)

    const analyst = await addUser(w.h, w.admin, 'analyst', 'analyst2@acme.example')
    expect((await analyst.get('/api/comments/corrections.jsonl')).status).toBe(403)
    const res = await w.h.app.request('/api/comments/corrections.jsonl', { headers: { cookie: w.admin.cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="comment-corrections-\d{4}-\d{2}-\d{2}\.jsonl"$/)
    const body = await res.text()
    expect(body.endsWith('\n')).toBe(true)
    const lines = body.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(3)
    for (const l of lines) expect(Object.keys(l)).toEqual(['text', 'label', 'themes'])
    const byText = new Map(lines.map((l) => [l.text, l]))
    expect(byText.get(COMPLAINT)).toEqual({ text: COMPLAINT, label: 'negative', themes: ['wait_time', 'staff_attitude'] })
    expect(byText.get(FRENCH)).toEqual({ text: FRENCH, label: 'positive', themes: ['staff_attitude', 'cleanliness'] })
    expect(byText.get('Thanks!')).toEqual({ text: 'Thanks!', label: 'neutral', themes: [] })
    // Round trip: each line, read back and sent as a correction, changes nothing.
    for (const l of lines) {
      const id = list.find((c: any) => c.text === l.text).id
      const again = await w.admin.patch(`/api/comments/${id}`, { label: l.label, themes: l.themes })
      expect({ label: again.body.comment.label, themes: again.body.comment.themes }).toEqual({ label: l.label, themes: l.themes })
    }
  })

  it('another organisation sees none of them and reaches none by id', async () => {
    const other = await createOrgDirect(w.h, 'Other Org', 'admin@other.example')
    expect((await other.get('/api/comments')).body).toMatchObject({ comments: [], total: 0 })
    expect((await other.get('/api/comments/themes')).body.total).toBe(0)
    expect(await (await w.h.app.request('/api/comments/corrections.jsonl', { headers: { cookie: other.cookie } })).text()).toBe('')
    const id = (await w.admin.get('/api/comments')).body.comments[0].id
    expect((await other.get(`/api/comments/${id}`)).status).toBe(404)
    expect((await other.patch(`/api/comments/${id}`, { label: 'negative', themes: [] })).status).toBe(404)
    expect((await other.del(`/api/comments/${id}/correction`)).status).toBe(404)
    expect((await w.admin.get(`/api/comments/${id}`)).status).toBe(200)
  })
})

describe('audit narratives as comments', () => {
  const NARRATIVE = 'Served by Priya at the till. She did not offer a receipt and the floor was dirty.'
  let h: Harness
  let admin: Client
  let reviewer: Client
  let analyst: Client
  let manager: Client
  let assignmentId: string
  let templateId: string
  beforeAll(async () => {
    h = await makeHarness({ now: new Date('2026-12-09T12:00:00Z') })
    admin = await setupOrg(h)
    reviewer = await addUser(h, admin, 'reviewer', 'reviewer@acme.example')
    analyst = await addUser(h, admin, 'analyst', 'analyst@acme.example')
    manager = await addUser(h, admin, 'manager', 'manager@acme.example')
    const shopper = await addUser(h, admin, 'shopper', 'shopper@acme.example')
    const me = (await admin.get('/api/auth/me')).body
    const shopperId = (await shopper.get('/api/auth/me')).body.user.id
    const db = h.deps.database.db
    const fixture = await insertPublishedTemplate(db, me.organisation.id, me.user.id)
    templateId = fixture.templateId
    assignmentId = await insertAssignment(db, me.organisation.id, fixture, shopperId)
    await db
      .updateTable('assignment')
      .set({ status: 'submitted', answers: JSON.stringify({ greeted: { value: true }, queue_time: { value: 120 }, narrative: { value: NARRATIVE } }), visit_started_at: '2026-12-02T10:15:00.000Z', submitted_at: '2026-12-02T11:00:00.000Z' })
      .where('id', '=', assignmentId)
      .execute()
    // A second template without privacy mode, whose narrative names are shown to everyone.
    const open = await insertPublishedTemplate(db, me.organisation.id, me.user.id, ZAuditTemplateDefinition.parse({ ...SHOPPER_TEMPLATE, title: 'Open visit', settings: { ...SHOPPER_TEMPLATE.settings, staffNamePrivacy: false } }))
    const openId = await insertAssignment(db, me.organisation.id, open, shopperId)
    await db
      .updateTable('assignment')
      .set({ status: 'submitted', answers: JSON.stringify({ greeted: { value: true }, queue_time: { value: 60 }, narrative: { value: 'Helped by Tom, who was lovely.' } }), submitted_at: '2026-12-03T11:00:00.000Z' })
      .where('id', '=', openId)
      .execute()
    expect((await reviewer.post(`/api/assignments/${openId}/approve`, {})).status).toBe(200)
  })

  it('an approval turns the narrative into a tagged comment in the same write', async () => {
    const db = h.deps.database.db
    expect(await db.selectFrom('comment').select('id').where('source_id', '=', assignmentId).execute()).toHaveLength(0)
    expect((await reviewer.post(`/api/assignments/${assignmentId}/approve`, {})).status).toBe(200)
    const rows = await db.selectFrom('comment').selectAll().where('source_id', '=', assignmentId).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ source: 'audit', field_id: 'narrative', form_id: templateId, text: NARRATIVE, at: '2026-12-02T10:15:00.000Z', label: tag(NARRATIVE).label, tagger_version: TAGGER_VERSION })
    expect(rows[0]!.label).toBe('negative')
    const listed = (await reviewer.get(`/api/comments?templateId=${templateId}`)).body.comments
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ source: 'audit', sourceId: assignmentId, formTitle: 'Branch visit', fieldLabel: 'The visit in your words', locationName: 'Leeds Briggate', link: `/audits/${assignmentId}` })
  })

  it('staff names are hidden from roles without audits:review, and a search cannot find them', async () => {
    const forReviewer = (await reviewer.get(`/api/comments?templateId=${templateId}`)).body.comments[0]
    expect(forReviewer.text).toBe(NARRATIVE)
    expect(forReviewer.evidence.length).toBeGreaterThan(0)
    for (const c of [analyst, manager]) {
      const seen = (await c.get(`/api/comments?templateId=${templateId}`)).body.comments[0]
      expect(seen.text).not.toContain('Priya')
      expect(seen.text).toContain('[name]')
      expect(seen.evidence).toEqual([])
      expect(JSON.stringify((await c.get(`/api/comments/${seen.id}`)).body)).not.toContain('Priya')
      // The name finds nothing, in the list, its total or the summary; other words still do.
      expect((await c.get('/api/comments?q=priya')).body).toMatchObject({ comments: [], total: 0 })
      expect((await c.get('/api/comments/themes?q=priya')).body.total).toBe(0)
      expect((await c.get('/api/comments?q=receipt')).body.total).toBe(1)
    }
    expect((await reviewer.get('/api/comments?q=priya')).body.total).toBe(1)
    // Without privacy mode on the template, names are everyone's to read.
    expect((await analyst.get('/api/comments?q=tom')).body.comments[0].text).toBe('Helped by Tom, who was lovely.')
    // A manager's export hides the names too.
    const id = (await manager.get(`/api/comments?templateId=${templateId}`)).body.comments[0].id
    expect((await manager.patch(`/api/comments/${id}`, { label: 'negative', themes: ['staff_attitude', 'cleanliness'] })).status).toBe(200)
    const exported = await (await h.app.request('/api/comments/corrections.jsonl', { headers: { cookie: manager.cookie } })).text()
    expect(exported).toContain('[name]')
    expect(exported).not.toContain('Priya')
    expect(await (await h.app.request('/api/comments/corrections.jsonl', { headers: { cookie: admin.cookie } })).text()).toContain('Priya')
  })

  it('an upheld dispute withdraws the audit and its comments', async () => {
    const dispute = (await manager.post(`/api/assignments/${assignmentId}/disputes`, { reason: 'Visited on a closing day' })).body.dispute
    expect((await reviewer.post(`/api/assignments/${assignmentId}/disputes/${dispute.id}/resolve`, { outcome: 'upheld', resolution: 'Agreed' })).status).toBe(200)
    expect(await h.deps.database.db.selectFrom('comment').select('id').where('source_id', '=', assignmentId).execute()).toHaveLength(0)
    expect((await reviewer.get('/api/comments?source=audit')).body.comments.map((c: any) => c.text)).toEqual(['Helped by Tom, who was lovely.'])
  })
})
