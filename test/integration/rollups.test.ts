import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sql } from 'kysely'
import { addUser, Client, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { rebuildRollups } from '../../server/db/repositories/rollups.ts'
import { weekBucket } from '../../server/domain/rollups.ts'

// Rollups (docs/analytics.md) kept in the write of every response, approval, dispute, correction
// and erasure equal a recomputation from the raw tables, whatever the sequence of writes.

const SURVEY = {
  title: 'After your visit',
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'nps', text: 'Recommend?' },
        { id: 'csat', type: 'csat', text: 'Satisfied?' },
        { id: 'nps2', type: 'nps', text: 'Recommend the app?' },
        { id: 'stars', type: 'rating', text: 'Cleanliness', points: 5, style: 'stars' },
        { id: 'greeted', type: 'yes_no', text: 'Were you greeted?' },
        { id: 'minutes', type: 'number', text: 'Minutes waited', min: 0, max: 120 },
        { id: 'comment', type: 'comment', text: 'Why?' },
      ],
    },
  ],
}

const TEMPLATE = (standardId: string) => ({
  title: 'Branch visit',
  sections: [
    {
      id: 'visit',
      title: 'The visit',
      items: [
        { id: 'greeted', type: 'yes_no', label: 'Greeted?', standardIds: [standardId] },
        { id: 'clean', type: 'yes_no', label: 'Clean?', standardIds: [standardId] },
        { id: 'notes', type: 'text', label: 'What happened', required: false },
      ],
    },
  ],
})

const TEXTS = ['Waited 40 minutes in the queue and the staff were rude. Terrible.', 'Lovely friendly staff, spotless store, would recommend', 'Le personnel était très aimable', 'The price was fine but the wait was long']
// Days across a week's and a month's end and a year's end.
const START = new Date('2026-12-20T12:00:00Z')
const DAYS = ['2026-12-27T09:00:00Z', '2026-12-28T23:30:00Z', '2026-12-31T12:00:00Z', '2027-01-01T00:10:00Z', '2027-01-03T18:00:00Z', '2027-01-04T08:00:00Z', '2027-02-28T10:00:00Z', '2027-03-01T10:00:00Z']

type Op =
  | { kind: 'respond'; link: number; day: number; language: string; answers: Record<string, unknown> }
  | { kind: 'approve'; day: number; greeted: boolean; clean: boolean; note: number | null }
  | { kind: 'uphold' }
  | { kind: 'correct'; pick: number; label: string; themes: string[] }
  | { kind: 'uncorrect'; pick: number }
  | { kind: 'erase'; pick: number }

const maybe = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
const respondOp: fc.Arbitrary<Op> = fc.record({
  kind: fc.constant('respond' as const),
  link: fc.nat(2),
  day: fc.nat(DAYS.length - 1),
  language: fc.constantFrom('en', 'fr'),
  answers: fc.record({
    nps: maybe(fc.integer({ min: 0, max: 10 })),
    csat: maybe(fc.integer({ min: 1, max: 5 })),
    nps2: maybe(fc.integer({ min: 0, max: 10 })),
    stars: maybe(fc.integer({ min: 1, max: 5 })),
    greeted: maybe(fc.boolean()),
    minutes: maybe(fc.integer({ min: 0, max: 120 })),
    comment: maybe(fc.constantFrom(...TEXTS)),
  }),
})
const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: respondOp },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('approve' as const), day: fc.nat(DAYS.length - 1), greeted: fc.boolean(), clean: fc.boolean(), note: fc.option(fc.nat(TEXTS.length - 1), { nil: null }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('uphold' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('correct' as const), pick: fc.nat(), label: fc.constantFrom('positive', 'neutral', 'negative', 'mixed'), themes: fc.subarray(['wait_time', 'staff_attitude', 'cleanliness', 'price_value']) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('uncorrect' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('erase' as const), pick: fc.nat() }) },
  ),
  { minLength: 1, maxLength: 12 },
)

async function world(h: Harness) {
  const admin = await setupOrg(h)
  const locations = [(await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location.id, (await admin.post('/api/locations', { name: 'York', kind: 'store' })).body.location.id]
  const surveyId = (await admin.post('/api/surveys', { title: 'After your visit' })).body.survey.id
  expect((await admin.put(`/api/surveys/${surveyId}/draft`, { definition: SURVEY })).status).toBe(200)
  expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
  const links: string[] = []
  for (const locationId of [locations[0], locations[1], null]) links.push((await admin.post(`/api/surveys/${surveyId}/collectors`, { label: `link ${links.length}`, locationId })).body.collector.token)
  const versionId = (await new Client(h).get(`/api/public/s/${links[0]}`)).body.versionId
  const standard = (await admin.post('/api/standards', { code: 'GREET', title: 'Greeting', customerType: 'external', dimension: 'empathy', metric: 'audit_compliance', target: 90, tolerance: 10, direction: 'higher' })).body.standard
  const templateId = (await admin.post('/api/audit-templates', { title: 'Branch visit' })).body.template.id
  expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: TEMPLATE(standard.id) })).status).toBe(200)
  expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
  await addUser(h, admin, 'shopper', `sam-${Math.random()}@acme.example`)
  const shopperId = (await admin.get('/api/audit-shoppers')).body.shoppers[0].id
  const reviewer = await addUser(h, admin, 'reviewer', `rex-${Math.random()}@acme.example`)
  const manager = await addUser(h, admin, 'manager', `max-${Math.random()}@acme.example`)
  return { admin, reviewer, manager, locations, links, versionId, templateId, shopperId }
}

type World = Awaited<ReturnType<typeof world>>

const ORDER = sql`order by "org_id", "kind", "grain", "form_id", "item_id", "bucket", "location_id", "segment"`

async function snapshot(h: Harness) {
  const rows = (await sql<Record<string, number | string>>`select * from "rollup" ${ORDER}`.execute(h.deps.database.db)).rows
  // Σ of scores and percents are floating point: the same sums in another order differ in the last bits.
  return rows.map((r) => ({ ...r, sum: Math.round(Number(r.sum) * 1e6) / 1e6, sumsq: Math.round(Number(r.sumsq) * 1e6) / 1e6 }))
}

async function apply(h: Harness, w: World, op: Op, seq: number) {
  const db = h.deps.database.db
  switch (op.kind) {
    case 'respond': {
      h.setNow(new Date(DAYS[op.day]!))
      const answers = Object.fromEntries(Object.entries(op.answers).filter(([, v]) => v !== undefined))
      const r = await new Client(h).post(`/api/public/s/${w.links[op.link]}/responses`, { clientId: `prop-${seq}-${Math.random().toString(36).slice(2)}`, versionId: w.versionId, language: op.language, answers })
      expect([200, 201], JSON.stringify(r.body)).toContain(r.status)
      h.setNow(START)
      return
    }
    case 'approve': {
      const day = DAYS[op.day]!.slice(0, 10)
      const a = await w.admin.post('/api/assignments', { templateId: w.templateId, locationId: w.locations[op.day % 2], shopperId: w.shopperId, visitFrom: day, visitTo: day, dueAt: day })
      expect(a.status, JSON.stringify(a.body)).toBe(201)
      const id = a.body.assignment.id as string
      const answers: Record<string, unknown> = { greeted: { value: op.greeted }, clean: { value: op.clean } }
      if (op.note !== null) answers.notes = { value: TEXTS[op.note] }
      await db.updateTable('assignment').set({ status: 'submitted', answers: JSON.stringify(answers), submitted_at: `${day}T12:00:00.000Z`, visit_started_at: `${day}T11:00:00.000Z` }).where('id', '=', id).execute()
      const r = await w.reviewer.post(`/api/assignments/${id}/approve`, { comment: '' })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return
    }
    case 'uphold': {
      const approved = await db.selectFrom('assignment').select('id').where('status', '=', 'approved').orderBy('id').executeTakeFirst()
      if (!approved) return
      const d = await w.manager.post(`/api/assignments/${approved.id}/disputes`, { reason: 'The visit did not happen as described.' })
      expect(d.status, JSON.stringify(d.body)).toBe(201)
      const r = await w.reviewer.post(`/api/assignments/${approved.id}/disputes/${d.body.dispute.id}/resolve`, { outcome: 'upheld', resolution: 'Agreed.' })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return
    }
    case 'correct':
    case 'uncorrect': {
      const comments = await db.selectFrom('comment').select('id').orderBy('id').execute()
      if (!comments.length) return
      const id = comments[op.pick % comments.length]!.id
      const r = op.kind === 'correct' ? await w.admin.patch(`/api/comments/${id}`, { label: op.label, themes: op.themes }) : await w.admin.del(`/api/comments/${id}/correction`)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return
    }
    case 'erase': {
      const responses = await db.selectFrom('response').select('id').orderBy('id').execute()
      if (!responses.length) return
      const r = await w.admin.del(`/api/responses/${responses[op.pick % responses.length]!.id}`)
      expect(r.status, JSON.stringify(r.body)).toBe(204)
      return
    }
  }
}

describe('rollups', () => {
  it('after any sequence of responses, approvals, upheld disputes, corrections and erasures, equal a rebuild from the raw tables', async () => {
    let seq = 0
    await fc.assert(
      fc.asyncProperty(ops, async (sequence) => {
        const h = await makeHarness({ now: START })
        const w = await world(h)
        for (const op of sequence) await apply(h, w, op, seq++)
        const kept = await snapshot(h)
        await rebuildRollups(h.deps.database)
        expect(kept).toEqual(await snapshot(h))
        await h.deps.database.close()
      }),
      { numRuns: 20, seed: 20261126 },
    )
  }, 60_000)

  it('a response adds its answers per link, language and version at day, week and month, and its erasure takes them all away', async () => {
    const h = await makeHarness({ now: new Date('2027-01-03T18:00:00Z') })
    const w = await world(h)
    const r = await new Client(h).post(`/api/public/s/${w.links[0]}/responses`, { clientId: 'one-response', versionId: w.versionId, language: 'fr', answers: { nps: 9, csat: 2, minutes: 15, comment: TEXTS[0] } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const db = h.deps.database.db
    const nps = await db.selectFrom('rollup').select(['kind', 'grain', 'bucket', 'segment', 'n', 'sum', 'c9']).where('item_id', '=', 'nps').orderBy('kind').orderBy('grain').orderBy('segment').execute()
    // A Sunday: its week began on Monday 28 December, its month on 1 January.
    expect(nps.filter((x) => x.kind === 'answer').map((x) => [x.grain, x.bucket])).toEqual([['day', '2027-01-03'], ['month', '2027-01-01'], ['week', '2026-12-28']])
    expect(new Set(nps.filter((x) => x.kind === 'answer_seg').map((x) => x.segment.slice(0, 2)))).toEqual(new Set(['c:', 'l:', 'v:']))
    expect(nps.every((x) => x.n === 1 && x.sum === 9 && x.c9 === 1)).toBe(true)
    // A number question without a 0–10 scale is not counted (as in answer_daily).
    expect(await db.selectFrom('rollup').select('kind').where('item_id', '=', 'minutes').execute()).toEqual([])
    const drivers = await db.selectFrom('rollup').select(['item_id', 'segment', 'sum']).where('kind', '=', 'comment_driver').where('grain', '=', 'day').where('location_id', '!=', '*').orderBy('segment').orderBy('item_id').execute()
    expect(drivers.filter((d) => d.item_id === '')).toEqual([{ item_id: '', segment: 'csat', sum: 2 }, { item_id: '', segment: 'nps', sum: 9 }])
    // Comment rollups are repeated under "all locations" ('*'); answers are not.
    const everywhere = await db.selectFrom('rollup').select(['kind', 'item_id', 'segment', 'sum']).where('kind', '=', 'comment_driver').where('grain', '=', 'day').where('location_id', '=', '*').orderBy('segment').orderBy('item_id').execute()
    expect(everywhere.map(({ kind: _k, ...d }) => d)).toEqual(drivers)
    expect(await db.selectFrom('rollup').select('kind').where('location_id', '=', '*').where('kind', 'in', ['answer', 'answer_seg']).execute()).toEqual([])

    expect((await w.admin.del(`/api/responses/${r.body.id}`)).status).toBe(204)
    expect(await db.selectFrom('rollup').selectAll().execute()).toEqual([])
    expect(await db.selectFrom('answer_daily').selectAll().execute()).toEqual([])
    expect(await db.selectFrom('comment').selectAll().execute()).toEqual([])
    expect(await db.selectFrom('answer').selectAll().execute()).toEqual([])
    expect((await w.admin.del(`/api/responses/${r.body.id}`)).status).toBe(404)
  })

  it('SQLite’s week bucket (used by the rebuild and the write) is the Monday on or before, as weekBucket', async () => {
    const h = await makeHarness()
    const days: string[] = []
    for (let t = Date.parse('2026-12-20T00:00:00Z'); t < Date.parse('2027-01-20T00:00:00Z'); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10))
    days.push('2024-02-29', '2024-12-30', '2025-12-29', '2028-01-02')
    const rows = (await sql<{ d: string; w: string }>`select "value" as "d", date("value", '-6 days', 'weekday 1') as "w" from json_each(${JSON.stringify(days)})`.execute(h.deps.database.db)).rows
    expect(rows.map((r) => r.w)).toEqual(days.map(weekBucket))
  })
})
