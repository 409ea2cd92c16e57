import { beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { bucketStart, cellLink, type Grain } from '../../shared/analytics.ts'
import { changeFor } from '../../shared/metrics/change.ts'
import { complianceFromStats, csatFromStats, npsFromStats } from '../../shared/metrics/figures.ts'
import { statsFromValues } from '../../shared/metrics/stats.ts'
import { ALL_LOCATION_KINDS, ALL_LOCATIONS } from '../../server/domain/rollups.ts'
import type { RollupKind } from '../../server/db/schema.ts'

/**
 * Analytics endpoints over rollup rows written here at all three grains (as the write path does),
 * so every expectation is computed by hand from the few values listed, and the reads must pick each
 * bucket once. Intervals and tests are the engine's on those same values.
 */

type Key = { kind: string; form: string; item: string; day: string; location: string; segment: string }

/** Adds one value (or an audit/comment contribution) to the day, week and month rows of its key. */
async function add(h: Harness, orgId: string, k: Key, s: { n: number; sum: number; sumsq?: number; counts?: Record<number, number> }) {
  // The kinds that keep "all locations" rows get the same contribution under location '*'.
  if (k.location !== ALL_LOCATIONS && ALL_LOCATION_KINDS.has(k.kind as RollupKind)) await add(h, orgId, { ...k, location: ALL_LOCATIONS }, s)
  for (const grain of ['day', 'week', 'month'] as Grain[]) {
    const c = Array.from({ length: 11 }, (_, v) => s.counts?.[v] ?? 0)
    await sql`insert into rollup (org_id, kind, grain, form_id, item_id, bucket, location_id, segment, n, sum, sumsq, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10)
      values (${orgId}, ${k.kind}, ${grain}, ${k.form}, ${k.item}, ${bucketStart(grain, k.day)}, ${k.location}, ${k.segment}, ${s.n}, ${s.sum}, ${s.sumsq ?? 0}, ${sql.join(c)})
      on conflict do update set n = n + excluded.n, sum = sum + excluded.sum, sumsq = sumsq + excluded.sumsq,
        c0 = c0 + excluded.c0, c1 = c1 + excluded.c1, c2 = c2 + excluded.c2, c3 = c3 + excluded.c3, c4 = c4 + excluded.c4, c5 = c5 + excluded.c5,
        c6 = c6 + excluded.c6, c7 = c7 + excluded.c7, c8 = c8 + excluded.c8, c9 = c9 + excluded.c9, c10 = c10 + excluded.c10`.execute(h.deps.database.db)
  }
}

interface World {
  h: Harness
  admin: Client
  orgId: string
  surveyId: string
  templateId: string
  a: string
  b: string
  c: string
  csat: string
  nps: string
  audit: string
  receipt: string
  qr: string
  versionId: string
}

/** One survey answer: answer rows, and answer_seg rows for its link, language and version. */
async function answer(w: World, day: string, location: string, question: 'csat' | 'nps', value: number, link: string, language: string) {
  const stats = { n: 1, sum: value, sumsq: value * value, counts: { [value]: 1 } }
  const base = { form: w.surveyId, item: question, day, location }
  await add(w.h, w.orgId, { ...base, kind: 'answer', segment: '' }, stats)
  for (const segment of [`c:${link}`, `l:${language}`, `v:${w.versionId}`]) await add(w.h, w.orgId, { ...base, kind: 'answer_seg', segment }, stats)
}

async function auditResult(w: World, day: string, location: string, standard: string, applicable: number, passed: number) {
  await add(w.h, w.orgId, { kind: 'audit_standard', form: w.templateId, item: standard, day, location, segment: '' }, { n: applicable, sum: passed, sumsq: passed, counts: { 0: 1 } })
}

async function comment(w: World, day: string, location: string, label: string, themes: string[], nps: number | null) {
  for (const item of ['', ...themes]) {
    await add(w.h, w.orgId, { kind: 'comment', form: w.surveyId, item, day, location, segment: label }, { n: 1, sum: 0 })
    if (nps !== null) await add(w.h, w.orgId, { kind: 'comment_driver', form: w.surveyId, item, day, location, segment: 'nps' }, { n: 1, sum: nps, sumsq: nps * nps, counts: { [nps]: 1 } })
  }
}

// June 2026 (a whole month, Monday 1st) against the 30 days before (Sat 2 – Sun 31 May).
const CSAT = {
  a: { june: [[ '2026-06-02', 5], ['2026-06-02', 5], ['2026-06-16', 4], ['2026-06-16', 4], ['2026-06-16', 2]], may: [['2026-05-12', 5], ['2026-05-12', 4], ['2026-05-12', 2]] },
  b: { june: [['2026-06-03', 5], ['2026-06-03', 3], ['2026-06-03', 2], ['2026-06-03', 1]], may: [['2026-05-26', 4], ['2026-05-26', 4]] },
  c: { june: [['2026-06-30', 5]], may: [] },
} as const
const values = (list: readonly (readonly [string, number])[]) => list.map(([, v]) => v)

async function build(): Promise<World> {
  const h = await makeHarness({ now: new Date('2026-06-30T12:00:00Z'), minSample: 3 })
  const admin = await setupOrg(h)
  const orgId = (await h.deps.database.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id
  const loc = async (name: string) => (await admin.post('/api/locations', { name, kind: 'branch' })).body.location.id as string
  const [a, b, c] = [await loc('Leeds'), await loc('York'), await loc('Zennor')]
  const std = async (code: string, metric: string, target: number, dimension = 'responsiveness') =>
    (await admin.post('/api/standards', { code, title: code, customerType: 'external', dimension, metric, target, tolerance: 5, direction: 'higher' })).body.standard.id as string
  const csat = await std('CSAT', 'csat', 80)
  const nps = await std('NPS', 'nps', 40, 'empathy')
  const audit = await std('GREET', 'audit_compliance', 90, 'reliability')
  const created = (await admin.post('/api/surveys', { title: 'Post-visit' })).body
  const definition = created.draft.definition
  definition.pages[0].questions[0].standardIds = [nps]
  definition.pages[0].questions[1].standardIds = [csat]
  expect((await admin.put(`/api/surveys/${created.survey.id}/draft`, { definition })).status).toBe(200)
  const published = await admin.post(`/api/surveys/${created.survey.id}/publish`)
  expect(published.status).toBe(200)
  const versionId = (await admin.get(`/api/surveys/${created.survey.id}`)).body.versions[0].id
  const receipt = (await admin.post(`/api/surveys/${created.survey.id}/collectors`, { label: 'Receipt', locationId: a, channel: 'receipt' })).body.collector.id
  const qr = (await admin.post(`/api/surveys/${created.survey.id}/collectors`, { label: 'Counter QR', locationId: b, channel: 'qr' })).body.collector.id
  const templateId = (await admin.post('/api/audit-templates', { title: 'Branch visit' })).body.template.id
  const w: World = { h, admin, orgId, surveyId: created.survey.id, templateId, a, b, c, csat, nps, audit, receipt, qr, versionId }

  for (const [day, v] of [...CSAT.a.june, ...CSAT.a.may]) await answer(w, day, a, 'csat', v, receipt, 'en')
  for (const [day, v] of [...CSAT.b.june, ...CSAT.b.may]) await answer(w, day, b, 'csat', v, qr, 'fr')
  for (const [day, v] of CSAT.c.june) await answer(w, day, c, 'csat', v, qr, 'fr')
  // Greeting compliance: Leeds 9/10 over 3 audits, York 6/10 over 3; the CSAT standard's linked audit items at Leeds 4/10.
  for (const [day, appl, pass] of [['2026-06-04', 4, 4], ['2026-06-11', 3, 3], ['2026-06-18', 3, 2]] as const) await auditResult(w, day, a, audit, appl, pass)
  for (const [day, appl, pass] of [['2026-06-05', 4, 2], ['2026-06-12', 3, 2], ['2026-06-19', 3, 2]] as const) await auditResult(w, day, b, audit, appl, pass)
  for (const [day, appl, pass] of [['2026-06-04', 4, 1], ['2026-06-11', 3, 2], ['2026-06-18', 3, 1]] as const) await auditResult(w, day, a, csat, appl, pass)
  // Comments: waits pull NPS down, staff attitude lifts it.
  await comment(w, '2026-06-02', a, 'negative', ['wait_time'], 2)
  await comment(w, '2026-06-02', a, 'negative', ['wait_time', 'staff_attitude'], 3)
  await comment(w, '2026-06-16', a, 'positive', ['staff_attitude'], 10)
  await comment(w, '2026-06-17', b, 'neutral', [], 8)
  await comment(w, '2026-06-30', b, 'negative', ['wait_time'], null)
  return w
}

describe('analytics endpoints', () => {
  let w: World
  beforeAll(async () => {
    w = await build()
  })

  it('board: each standard × location against its target, with change, evidence side by side and drill-down links', async () => {
    const r = await w.admin.get('/api/analytics/board?from=2026-06-01&to=2026-06-30')
    expect(r.status).toBe(200)
    const body = r.body
    expect(body.period).toEqual({ from: '2026-06-01', to: '2026-06-30' })
    expect(body.previous).toEqual({ from: '2026-05-02', to: '2026-05-31' })
    expect(body.locations.map((l: any) => l.name)).toEqual(['Leeds', 'York', 'Zennor'])
    const csat = body.standards.find((s: any) => s.standard.id === w.csat)
    expect(csat.source).toBe('survey')
    expect(csat.target).toEqual({ target: 80, tolerance: 5, direction: 'higher' })

    // Leeds: 5, 5, 4, 4, 2 → 4/5 = 80% (green at 80); May 5, 4, 2 → 2/3.
    const leeds = csat.byLocation.find((c: any) => c.locationId === w.a)
    const leedsFig = csatFromStats(statsFromValues(values(CSAT.a.june)))
    expect(leeds).toMatchObject({ value: 80, n: 5, status: 'green' })
    expect(leeds.low).toBeCloseTo(leedsFig.low!, 9)
    expect(leeds.high).toBeCloseTo(leedsFig.high!, 9)
    const ch = changeFor('csat', statsFromValues(values(CSAT.a.may)), statsFromValues(values(CSAT.a.june)), { rule: { answers: 3 } })!
    expect(leeds.change).toMatchObject({ previous: { value: (2 / 3) * 100, n: 3 }, significant: false, direction: 'up' })
    expect(leeds.change.delta).toBeCloseTo(80 - 200 / 3, 9)
    expect(leeds.change.low).toBeCloseTo(ch.low!, 9)
    // Survey green, mystery shop 4/10 = 40% red: they disagree.
    expect(leeds.survey).toMatchObject({ value: 80, n: 5, status: 'green' })
    expect(leeds.audit).toMatchObject({ value: 40, n: 10, audits: 3, status: 'red' })
    expect(leeds.disagree).toBe(true)
    expect(cellLink(csat.links.comments, leeds.locationId)).toBe(`/comments?location=${w.a}&survey=${w.surveyId}&from=2026-06-01&to=2026-06-30&label=negative`)
    expect(cellLink(csat.links.audits, leeds.locationId)).toBe(`/audits?location=${w.a}&status=approved&from=2026-06-01&to=2026-06-30`)

    // York: 5, 3, 2, 1 → 25% red; Zennor: one answer → insufficient, no claim.
    expect(csat.byLocation.find((c: any) => c.locationId === w.b)).toMatchObject({ value: 25, n: 4, status: 'red', audit: { n: 0, audits: 0, status: 'insufficient' }, disagree: false })
    const zennor = csat.byLocation.find((c: any) => c.locationId === w.c)
    expect(zennor).toMatchObject({ value: 100, n: 1, status: 'insufficient' })
    expect(zennor.change).toMatchObject({ previous: { value: null, n: 0 }, significant: false })
    // Overall: 6/10 = 60% (red), previous 4/5 = 80%.
    expect(csat.overall).toMatchObject({ value: 60, n: 10, status: 'red', change: { previous: { value: 80, n: 5 }, significant: false, direction: 'down' } })

    // An audit standard: compliance is the headline, its n the items, its sample the audits.
    const greet = body.standards.find((s: any) => s.standard.id === w.audit)
    expect(greet.source).toBe('audit')
    expect(greet.byLocation.find((c: any) => c.locationId === w.a)).toMatchObject({ value: 90, n: 10, status: 'green', survey: null, audit: { audits: 3 } })
    expect(greet.byLocation.find((c: any) => c.locationId === w.b)).toMatchObject({ value: 60, n: 10, status: 'red' })
    const overall = complianceFromStats({ n: 20, sum: 15, sumsq: 15, counts: [6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] })
    expect(greet.overall).toMatchObject({ value: 75, n: 20, status: 'red' })
    expect(greet.overall.low).toBeCloseTo(overall.low!, 9)
    expect(greet.overall.change.previous).toMatchObject({ value: null, n: 0 })

    // NPS: no answers at all → insufficient everywhere.
    expect(body.standards.find((s: any) => s.standard.id === w.nps).overall).toMatchObject({ value: null, n: 0, status: 'insufficient' })
    expect(body.rowsRead).toBeGreaterThan(0)
    // Rows read are bounded by buckets × keys: 7 buckets (June; 2 days + 4 weeks of May) × (2 questions + 3 standards) × 3 locations, plus the register.
    expect(body.rowsRead).toBeLessThanOrEqual(7 * 5 * 3 + 30)
  })

  it('board filters: a location, a channel (its links), a language; two segments are a 400 naming both', async () => {
    const leeds = (await w.admin.get(`/api/analytics/board?from=2026-06-01&to=2026-06-30&locationId=${w.a}`)).body.standards.find((s: any) => s.standard.id === w.csat)
    expect(leeds.overall).toMatchObject({ value: 80, n: 5 })
    expect(leeds.byLocation.map((c: any) => c.locationId)).toEqual([w.a])
    const qr = (await w.admin.get('/api/analytics/board?from=2026-06-01&to=2026-06-30&channel=qr')).body.standards.find((s: any) => s.standard.id === w.csat)
    expect(qr.overall).toMatchObject({ value: 40, n: 5 }) // York 1/4 and Zennor 1/1
    const fr = (await w.admin.get('/api/analytics/board?from=2026-06-01&to=2026-06-30&language=fr')).body.standards.find((s: any) => s.standard.id === w.csat)
    expect(fr.overall).toMatchObject({ value: 40, n: 5 })
    const bad = await w.admin.get(`/api/analytics/board?language=en&versionId=${w.versionId}`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: any) => i.path).sort()).toEqual(['query.language', 'query.versionId'])
    expect(bad.body.error.message).toContain('only one of collectorId/channel, language, versionId')
    expect((await w.admin.get('/api/analytics/board?from=2026-07-01&to=2026-06-01')).body.error.issues[0].path).toBe('query.from')
  })

  it('trend: weekly buckets with an empty week, the target line and the previous period beside it', async () => {
    const r = await w.admin.get(`/api/analytics/trend?standardId=${w.csat}&grain=week&from=2026-06-01&to=2026-06-21&compare=previous`)
    expect(r.status).toBe(200)
    const { series, comparison } = r.body
    expect(series.map((p: any) => p.bucket)).toEqual(['2026-06-01', '2026-06-08', '2026-06-15'])
    // Week 1: Leeds 5, 5 and York 5, 3, 2, 1 → 3/6 = 50%; week 2 empty; week 3: Leeds 4, 4, 2 → 2/3.
    const w1 = csatFromStats(statsFromValues([5, 5, 5, 3, 2, 1]))
    expect(series[0]).toMatchObject({ value: 50, n: 6, target: 80, status: 'red' })
    expect(series[0].low).toBeCloseTo(w1.low!, 9)
    expect(series[1]).toMatchObject({ value: null, n: 0, low: null, high: null, target: 80, status: 'insufficient' })
    expect(series[2]).toMatchObject({ n: 3, target: 80 })
    expect(series[2].value).toBeCloseTo(200 / 3, 9)
    // The 21 days before: 11–31 May, week by week: Leeds on the 12th, York on the 26th.
    expect(comparison).toMatchObject({ compare: 'previous', from: '2026-05-11', to: '2026-05-31' })
    expect(comparison.series.map((p: any) => [p.from, p.n])).toEqual([['2026-05-11', 3], ['2026-05-18', 0], ['2026-05-25', 2]])
    expect(r.body.rowsRead).toBeGreaterThan(0)

    // A question read as its metric, by day, filtered by a link.
    const daily = await w.admin.get(`/api/analytics/trend?surveyId=${w.surveyId}&questionId=csat&grain=day&from=2026-06-01&to=2026-06-03&collectorId=${w.qr}`)
    expect(daily.body.series.map((p: any) => p.n)).toEqual([0, 0, 4])
    expect(daily.body.series[0].target).toBeNull()
    const wrong = await w.admin.get(`/api/analytics/trend?surveyId=${w.surveyId}&questionId=csat&metric=nps`)
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.issues[0].path).toBe('query.metric')
    expect((await w.admin.get('/api/analytics/trend?grain=week')).body.error.issues[0].path).toBe('query.standardId')
  })

  it('breakdown: locations ranked by the lower bound of their interval; small groups hidden on request', async () => {
    const r = await w.admin.get(`/api/analytics/breakdown?by=location&standardId=${w.csat}&from=2026-06-01&to=2026-06-30`)
    expect(r.status).toBe(200)
    // Zennor's 100% of 1 answer does not outrank Leeds's 80% of 5.
    expect(r.body.rows.map((x: any) => [x.label, x.rank, x.small])).toEqual([
      ['Leeds', 1, false],
      ['Zennor', 2, true],
      ['York', 3, false],
    ])
    expect(r.body.rows[0].low).toBeCloseTo(csatFromStats(statsFromValues([5, 5, 4, 4, 2])).low!, 9)
    const hidden = (await w.admin.get(`/api/analytics/breakdown?by=location&standardId=${w.csat}&from=2026-06-01&to=2026-06-30&hideSmall=true`)).body
    expect(hidden.rows.map((x: any) => x.label)).toEqual(['Leeds', 'York'])
    expect(hidden.hidden).toBe(1)

    const channels = (await w.admin.get(`/api/analytics/breakdown?by=channel&standardId=${w.csat}&from=2026-06-01&to=2026-06-30`)).body.rows
    expect(channels.map((x: any) => [x.key, x.n, x.value])).toEqual([['receipt', 5, 80], ['qr', 5, 40]])
    const languages = (await w.admin.get(`/api/analytics/breakdown?by=language&surveyId=${w.surveyId}&questionId=csat&from=2026-06-01&to=2026-06-30`)).body.rows
    expect(languages.map((x: any) => [x.key, x.n])).toEqual([['en', 5], ['fr', 5]])
    const versions = (await w.admin.get(`/api/analytics/breakdown?by=version&standardId=${w.csat}&from=2026-06-01&to=2026-06-30`)).body.rows
    expect(versions).toMatchObject([{ key: w.versionId, label: 'Post-visit v1', n: 10, value: 60 }])
    const standards = (await w.admin.get('/api/analytics/breakdown?by=standard&from=2026-06-01&to=2026-06-30')).body.rows
    expect(standards.map((x: any) => [x.label, x.metric, x.n, x.status])).toEqual([
      ['CSAT CSAT', 'csat', 10, 'red'],
      ['GREET GREET', 'audit_compliance', 20, 'red'],
      ['NPS NPS', 'nps', 0, 'insufficient'],
    ])
    const dims = (await w.admin.get('/api/analytics/breakdown?by=dimension&from=2026-06-01&to=2026-06-30')).body.rows
    // Compliance of linked audit items: reliability (GREET) 15/20, responsiveness (CSAT's items) 4/10.
    expect(dims.filter((x: any) => x.n > 0).map((x: any) => [x.key, x.value, x.rank])).toEqual([['reliability', 75, 1], ['responsiveness', 40, 2]])
    const questions = (await w.admin.get(`/api/analytics/breakdown?by=question&surveyId=${w.surveyId}&from=2026-06-01&to=2026-06-30`)).body.rows
    expect(questions.map((x: any) => [x.key, x.metric, x.n])).toEqual([['nps', 'nps', 0], ['csat', 'csat', 10]])
    const two = await w.admin.get(`/api/analytics/breakdown?by=channel&standardId=${w.csat}&language=en`)
    expect(two.status).toBe(400)
    expect(two.body.error.issues[0].path).toBe('query.language')
    expect((await w.admin.get('/api/analytics/breakdown?by=location')).status).toBe(400)
  })

  it('why: sentiment by week, themes by volume and by how much they pull NPS down, each linked to its comments', async () => {
    const r = await w.admin.get('/api/analytics/why?from=2026-06-01&to=2026-06-30&grain=week')
    expect(r.status).toBe(200)
    expect(r.body.sentiment.map((b: any) => [b.bucket, b.negative, b.positive, b.neutral, b.total])).toEqual([
      ['2026-06-01', 2, 0, 0, 2],
      ['2026-06-08', 0, 0, 0, 0],
      ['2026-06-15', 0, 1, 1, 2],
      ['2026-06-22', 0, 0, 0, 0],
      ['2026-06-29', 1, 0, 0, 1],
    ])
    // Every response with a comment: NPS 2, 3, 10, 8 → (1 − 2)/4 = −25.
    expect(r.body.baseline).toMatchObject({ value: -25, n: 4 })
    expect(r.body.baseline.low).toBeCloseTo(npsFromStats(statsFromValues([2, 3, 10, 8])).low!, 9)
    const wait = r.body.themes.find((t: any) => t.theme === 'wait_time')
    const staff = r.body.themes.find((t: any) => t.theme === 'staff_attitude')
    // Waits: NPS 2, 3 → −100 on half the responses: (−100 − (−25)) × 50% = −37.5 points.
    expect(wait).toMatchObject({ count: 3, negative: 3, negativeShare: 100, score: { value: -100, n: 2 }, share: 50, pull: -37.5, rankByVolume: 1, rankByPull: 1 })
    // Staff attitude: NPS 3, 10 → 0 on half: (0 − (−25)) × 50% = +12.5.
    expect(staff).toMatchObject({ count: 2, negative: 1, score: { value: 0, n: 2 }, share: 50, pull: 12.5, rankByVolume: 2, rankByPull: 2 })
    expect(wait.link).toBe('/comments?theme=wait_time&from=2026-06-01&to=2026-06-30')
    expect(r.body.themes.map((t: any) => t.theme)).toEqual(['wait_time', 'staff_attitude'])
    const york = (await w.admin.get(`/api/analytics/why?from=2026-06-01&to=2026-06-30&locationId=${w.b}`)).body
    expect(york.themes.map((t: any) => [t.theme, t.count])).toEqual([['wait_time', 1]])
    expect(york.themes[0].link).toBe(`/comments?theme=wait_time&location=${w.b}&from=2026-06-01&to=2026-06-30`)
    expect((await w.admin.get('/api/analytics/why?language=en')).status).toBe(400)
  })

  it('every endpoint needs results:read and shows another organisation nothing', async () => {
    const other = await createOrgDirect(w.h, 'Other Org', 'other@other.example')
    const board = (await other.get('/api/analytics/board?from=2026-06-01&to=2026-06-30')).body
    expect(board.standards).toEqual([])
    expect(JSON.stringify(board)).not.toContain(w.a)
    expect((await other.get(`/api/analytics/trend?standardId=${w.csat}`)).status).toBe(404)
    expect((await other.get(`/api/analytics/breakdown?by=location&standardId=${w.csat}`)).status).toBe(404)
    const why = (await other.get('/api/analytics/why?from=2026-06-01&to=2026-06-30')).body
    expect(why.themes).toEqual([])
    expect(why.sentiment.every((b: any) => b.total === 0)).toBe(true)
    expect((await new Client(w.h).get('/api/analytics/board')).status).toBe(401)
  })
})
