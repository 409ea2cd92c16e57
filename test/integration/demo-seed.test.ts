import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_LOGIN, seedDemo, type DemoSummary } from '../../server/demo/seed.ts'
import { DIMENSIONS } from '../../shared/schemas.ts'
import { QUESTION_TYPES, ZSurveyDefinition } from '../../shared/survey/definition.ts'
import { checkAnswers } from '../../shared/survey/answers.ts'
import { Client, makeHarness, type Harness } from '../helpers/harness.ts'

const NOW = new Date('2026-11-22T12:00:00.000Z')

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item])
  return out
}
const DAY_MS = 86_400_000

describe('demo organisation', () => {
  let h: Harness
  let summary: DemoSummary

  beforeAll(async () => {
    h = await makeHarness({ now: NOW })
    summary = await seedDemo(h.deps.database, { now: NOW, scale: 0.05 })
  })

  const db = () => h.deps.database.db

  it('has follow-up cases in every status, complaints by several channels, breaches with their alerts, and case rules', async () => {
    const cases = await db().selectFrom('follow_up_case').selectAll().execute()
    expect(summary.cases).toBe(cases.length)
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['open', 'in_progress', 'escalated', 'resolved', 'closed']))
    expect(new Set(cases.map((c) => c.source))).toEqual(new Set(['survey', 'audit', 'complaint']))
    expect(new Set(cases.filter((c) => c.source === 'complaint').map((c) => c.channel)).size).toBeGreaterThanOrEqual(3)
    for (const c of cases.filter((c) => c.status === 'resolved' || c.status === 'closed')) expect(c.root_cause).not.toBe('')
    const breaches = await db().selectFrom('notification').select(['kind', 'link']).where('kind', '=', 'sla_breach').execute()
    expect(breaches.length).toBeGreaterThanOrEqual(1)
    expect(cases.filter((c) => c.escalation_level > 0)).toHaveLength(breaches.length)
    // Every case has its opening event; survey cases point at real responses.
    const events = await db().selectFrom('case_event').select(['case_id', 'kind']).where('kind', '=', 'opened').execute()
    expect(new Set(events.map((e) => e.case_id))).toEqual(new Set(cases.map((c) => c.id)))
    for (const c of cases.filter((c) => c.source === 'survey')) expect(await db().selectFrom('response').select('id').where('id', '=', c.source_id).executeTakeFirst()).toBeDefined()
    expect(await db().selectFrom('case_settings').select('org_id').executeTakeFirst()).toBeDefined()
  })

  it('has locations of several kinds and standards in all five dimensions, one with a raised target', async () => {
    const locations = await db().selectFrom('location').select(['kind']).execute()
    expect(locations.length).toBeGreaterThanOrEqual(6)
    expect(new Set(locations.map((l) => l.kind))).toEqual(new Set(['branch', 'store', 'phone_line', 'website']))
    expect(summary.locations).toBe(locations.length)

    const standards = await db().selectFrom('standard').select(['id', 'dimension', 'metric']).execute()
    expect(standards.length).toBeGreaterThanOrEqual(8)
    expect(new Set(standards.map((s) => s.dimension))).toEqual(new Set(DIMENSIONS))
    expect(standards.map((s) => s.metric)).toEqual(expect.arrayContaining(['csat', 'nps', 'ces', 'yes_rate', 'audit_compliance', 'timing', 'case_sla']))

    const targets = await db().selectFrom('standard_target').select(['standard_id', 'effective_from', 'target']).execute()
    // Every standard starts with a target from the beginning of time, as the app writes it.
    expect(new Set(targets.filter((t) => t.effective_from === '1970-01-01').map((t) => t.standard_id))).toEqual(new Set(standards.map((s) => s.id)))
    const raised = targets.filter((t) => t.effective_from !== '1970-01-01')
    expect(raised).toHaveLength(1)
    const ageDays = (NOW.getTime() - Date.parse(raised[0]!.effective_from)) / DAY_MS
    expect(ageDays).toBeGreaterThan(90)
    expect(ageDays).toBeLessThan(150)
  })

  it('keeps the earlier survey version archived with its answers, ids stable across versions', async () => {
    const versions = await db().selectFrom('survey_version').select(['id', 'survey_id', 'version', 'status', 'published_at', 'definition']).orderBy('version').execute()
    expect(versions.every((v) => v.published_at !== null)).toBe(true)
    const bySurvey = groupBy(versions, (v) => v.survey_id)
    const twice = [...bySurvey.values()].filter((vs) => vs.length === 2)
    expect(twice).toHaveLength(2)
    const ids = (v: { definition: string }) => JSON.parse(v.definition).pages.flatMap((p: { questions: { id: string }[] }) => p.questions.map((q) => q.id))
    for (const [v1, v2] of twice as (typeof versions)[]) {
      if (!v1 || !v2) throw new Error('two versions expected')
      expect([v1.status, v2.status]).toEqual(['archived', 'published'])
      expect(v1.published_at! < v2.published_at!).toBe(true)
      // Every question of version 1 keeps its id in version 2.
      expect(ids(v2)).toEqual(expect.arrayContaining(ids(v1)))
      const answered = await db().selectFrom('response').select(['version_id']).where('version_id', 'in', [v1.id, v2.id]).groupBy('version_id').execute()
      expect(answered).toHaveLength(2)
    }
  })

  it('has a survey of every question type, answered as its logic allows, with a French translation', async () => {
    const versions = await db().selectFrom('survey_version').select(['id', 'definition', 'status']).execute()
    const defs = versions.map((v) => ({ ...v, def: ZSurveyDefinition.parse(JSON.parse(v.definition)) }))
    const types = new Set(defs.flatMap((d) => d.def.pages.flatMap((p) => p.questions.map((q) => q.type))))
    expect([...types].sort()).toEqual(QUESTION_TYPES.map((t) => t.type).sort())
    const everyType = defs.find((d) => d.status === 'published' && Object.keys(d.def.translations).includes('fr'))!
    expect(everyType).toBeDefined()
    // Every stored response passes the same checks the server makes.
    const rows = await db()
      .selectFrom('answer')
      .innerJoin('response', 'response.id', 'answer.response_id')
      .select(['response.id', 'response.version_id', 'answer.question_id', 'answer.value_num', 'answer.value_text'])
      .where('response.version_id', 'in', defs.map((d) => d.id))
      .execute()
    const byResponse = groupBy(rows, (r) => r.id)
    let checked = 0
    for (const answers of byResponse.values()) {
      const def = defs.find((d) => d.id === answers[0]!.version_id)!.def
      const types = new Map(def.pages.flatMap((p) => p.questions.map((q) => [q.id, q.type] as const)))
      const given = Object.fromEntries(
        answers.map((a) => {
          const t = types.get(a.question_id)!
          const v = t === 'yes_no' || t === 'consent' ? a.value_num === 1 : a.value_num ?? (t.endsWith('_choice') ? JSON.parse(a.value_text!) : a.value_text)
          return [a.question_id, v]
        }),
      )
      expect(checkAnswers(def, given).problems).toEqual([])
      checked++
    }
    expect(checked).toBeGreaterThan(600)
  })

  it('spreads responses over the year up to now, a third of them with a comment', async () => {
    const r = await db()
      .selectFrom('response')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('submitted_at').as('first'), eb.fn.max('submitted_at').as('last')])
      .executeTakeFirstOrThrow()
    expect(Number(r.n)).toBe(summary.responses)
    expect(summary.responses).toBeGreaterThan(600)
    expect(summary.responses).toBeLessThan(900)
    expect(r.last <= NOW.toISOString()).toBe(true)
    expect((NOW.getTime() - Date.parse(r.first)) / DAY_MS).toBeGreaterThan(350)
    expect((NOW.getTime() - Date.parse(r.last)) / DAY_MS).toBeLessThan(3)
    const share = summary.comments / summary.responses
    expect(share).toBeGreaterThan(0.25)
    expect(share).toBeLessThan(0.45)
  })

  it('keeps the daily rollup exactly consistent with the stored answers', async () => {
    const rollup = await db().selectFrom('answer_daily').select((eb) => eb.fn.sum<number>('count').as('n')).where('question_id', '=', 'csat').executeTakeFirstOrThrow()
    const answers = await db().selectFrom('answer').select((eb) => eb.fn.countAll<number>().as('n')).where('question_id', '=', 'csat').executeTakeFirstOrThrow()
    expect(Number(answers.n)).toBe(summary.responses) // CSAT is required in both surveys
    expect(Number(rollup.n)).toBe(Number(answers.n))
    // ...and value by value, for every question the rollup counts.
    const byValue = await db().selectFrom('answer_daily').select(['question_id', 'value', (eb) => eb.fn.sum<number>('count').as('n')]).groupBy(['question_id', 'value']).execute()
    const raw = await db().selectFrom('answer').select(['question_id', 'value_num', (eb) => eb.fn.countAll<number>().as('n')]).where('value_num', 'is not', null).where('question_id', '!=', 'wait_minutes').groupBy(['question_id', 'value_num']).execute() // numbers are not counted in the rollup
    const key = (q: string, v: number | null) => `${q}=${v}`
    expect(new Map(byValue.map((r) => [key(r.question_id, r.value), Number(r.n)]))).toEqual(new Map(raw.map((r) => [key(r.question_id, r.value_num), Number(r.n)])))
  })

  it('has locations on both sides of the CSAT target', async () => {
    const target = await db().selectFrom('standard').select('target').where('metric', '=', 'csat').executeTakeFirstOrThrow()
    const rows = await db()
      .selectFrom('answer')
      .innerJoin('response', 'response.id', 'answer.response_id')
      .select(['response.location_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('answer.value_num', '>=', 4).then(1).else(0).end()).as('satisfied')])
      .where('answer.question_id', '=', 'csat')
      .groupBy('response.location_id')
      .execute()
    const csat = rows.map((r) => (100 * Number(r.satisfied)) / Number(r.n))
    expect(csat.some((v) => v < target.target - 3)).toBe(true)
    expect(csat.some((v) => v > target.target + 3)).toBe(true)
  })

  it('is the same data for the same day', async () => {
    const again = await makeHarness({ now: NOW })
    const second = await seedDemo(again.deps.database, { now: NOW, scale: 0.05 })
    expect(second.responses).toBe(summary.responses)
    expect(second.comments).toBe(summary.comments)
    const dist = (hh: Harness) => hh.deps.database.db.selectFrom('answer_daily').select(['day', 'question_id', 'value', 'count']).orderBy('day').orderBy('question_id').orderBy('value').execute()
    const strip = (rows: { day: string; question_id: string; value: number; count: number }[]) => rows.map((r) => `${r.day} ${r.question_id} ${r.value} ${r.count}`)
    expect(strip(await dist(again))).toEqual(strip(await dist(h)))
  })

  it('has link statistics: views, starts and completions in order, with drop-off by question', async () => {
    const c = new Client(h)
    await c.post('/api/auth/login', DEMO_LOGIN)
    const surveys = (await c.get('/api/surveys')).body.surveys
    const branch = surveys.find((s: { title: string }) => s.title === 'Branch experience')
    const stats = (await c.get(`/api/surveys/${branch.id}/stats?from=2025-01-01&to=2026-12-31`)).body
    expect(stats.totals.completions).toBeGreaterThan(0)
    expect(stats.totals.views).toBeGreaterThan(stats.totals.starts)
    expect(stats.totals.starts).toBeGreaterThan(stats.totals.completions)
    expect(stats.dropOff[0].reached).toBeGreaterThanOrEqual(stats.dropOff.at(-1).reached)
    const links = (await c.get(`/api/surveys/${branch.id}/collectors`)).body.collectors
    const stored = await db().selectFrom('response').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', branch.id).executeTakeFirstOrThrow()
    expect(links.reduce((sum: number, l: { responses: number }) => sum + l.responses, 0)).toBe(Number(stored.n))
  })

  it('lets the demo admin sign in and see a dashboard with red or amber and green', async () => {
    const c = new Client(h)
    const login = await c.post('/api/auth/login', DEMO_LOGIN)
    expect(login.status).toBe(200)
    expect(login.body.organisation.name).toBe(summary.organisation)

    const r = await c.get('/api/dashboard')
    expect(r.status).toBe(200)
    type Cell = { n: number; status: string }
    type Row = { standard: { metric: string }; overall: Cell; byLocation: (Cell & { locationId: string })[] }
    const board: Row[] = r.body.board
    expect(board.length).toBeGreaterThanOrEqual(4)
    expect(board.filter((row) => row.overall.n > 0).length).toBeGreaterThanOrEqual(4)
    expect(r.body.headline.csat.n).toBeGreaterThan(0)

    // Over the year every location has enough answers for a status, so the spread shows per location.
    const year = await c.get(`/api/dashboard?from=${new Date(NOW.getTime() - 364 * DAY_MS).toISOString().slice(0, 10)}&to=${NOW.toISOString().slice(0, 10)}`)
    expect(year.status).toBe(200)
    const yearBoard: Row[] = year.body.board
    const statuses = new Set(yearBoard.flatMap((row) => [row.overall.status, ...row.byLocation.map((cell) => cell.status)]))
    expect(statuses.has('red') || statuses.has('amber')).toBe(true)
    expect(statuses.has('green')).toBe(true)
    const csat = yearBoard.find((row) => row.standard.metric === 'csat')!
    expect(csat.byLocation.length).toBe(summary.locations)
    expect(csat.byLocation.some((cell) => cell.status === 'red')).toBe(true)
    expect(csat.byLocation.some((cell) => cell.status === 'green')).toBe(true)
  })

  it('gives every demo role an account with the same password', async () => {
    const users = await db().selectFrom('user').select(['email', 'role']).execute()
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['admin', 'manager', 'reviewer', 'analyst', 'shopper']))
    const manager = users.find((u) => u.role === 'manager')!
    const c = new Client(h)
    expect((await c.post('/api/auth/login', { email: manager.email, password: summary.password })).status).toBe(200)
  })

  it('refuses to seed a database that already has an organisation', async () => {
    await expect(seedDemo(h.deps.database, { now: NOW, scale: 0.01 })).rejects.toThrow(/empty database/)
  })
})
