import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { changeFor, differenceOfDifferences } from '../../shared/metrics/change.ts'
import { complianceFromStats, csatFromStats } from '../../shared/metrics/figures.ts'
import { statsFromValues, type Stats } from '../../shared/metrics/stats.ts'
import { DEMO_LOGIN, seedDemo } from '../../server/demo/seed.ts'

/**
 * Improvement actions through the API (docs/actions.md): recording, editing and deleting an action
 * and its stakeholder log; 400s that name the field and store nothing; another organisation's
 * action is not found; roles; and the before-and-after of real responses submitted through the
 * respondent API and real approved audits, checked against the metric engine on the same values.
 */

const SURVEY = {
  title: 'After your visit',
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'csat', type: 'csat', text: 'Satisfied?' },
        { id: 'nps', type: 'nps', text: 'Recommend?' },
      ],
    },
  ],
}

const TEMPLATE = (standardId: string) => ({
  title: 'Branch visit',
  sections: [{ id: 'visit', title: 'The visit', items: [{ id: 'greeted', type: 'yes_no', label: 'Greeted within 30 seconds?', standardIds: [standardId] }] }],
})

const TODAY = new Date('2026-04-01T12:00:00Z')
// The action starts on 1 March with 14-day windows and 7 settling days:
// before 15–28 February, after 8–21 March (complete on 1 April).
const START = '2026-03-01'

/** CSAT answers with `hit` of n satisfied (5) and the rest dissatisfied (2). */
const answers = (hit: number, n: number) => [...Array<number>(hit).fill(5), ...Array<number>(n - hit).fill(2)]

interface World {
  h: Harness
  admin: Client
  analyst: Client
  shopper: Client
  reviewer: Client
  other: Client
  leeds: string
  york: string
  hull: string
  csat: string
  nps: string
  greet: string
  clean: string
  links: Record<'leeds' | 'york' | 'hull', string>
  versionId: string
  templateId: string
  shopperId: string
}

let seq = 0
async function respond(w: World, link: string, day: string, csat: number) {
  w.h.setNow(new Date(`${day}T11:00:00Z`))
  const r = await new Client(w.h).req('POST', `/api/public/s/${link}/responses`, { clientId: `action-test-${++seq}`, versionId: w.versionId, language: 'en', answers: { csat } }, { 'x-test-client': `198.51.100.${seq % 250}` })
  expect([200, 201], JSON.stringify(r.body)).toContain(r.status)
}

async function approvedAudit(w: World, locationId: string, day: string, greeted: boolean) {
  const a = await w.admin.post('/api/assignments', { templateId: w.templateId, locationId, shopperId: w.shopperId, visitFrom: day, visitTo: day, dueAt: day })
  expect(a.status, JSON.stringify(a.body)).toBe(201)
  const id = a.body.assignment.id as string
  await w.h.deps.database.db
    .updateTable('assignment')
    .set({ status: 'submitted', answers: JSON.stringify({ greeted: { value: greeted } }), submitted_at: `${day}T12:00:00.000Z`, visit_started_at: `${day}T11:00:00.000Z` })
    .where('id', '=', id)
    .execute()
  const r = await w.reviewer.post(`/api/assignments/${id}/approve`, { comment: '' })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
}

async function build(): Promise<World> {
  const h = await makeHarness({ now: TODAY, minSample: 10 })
  const admin = await setupOrg(h)
  const loc = async (name: string) => (await admin.post('/api/locations', { name, kind: 'branch' })).body.location.id as string
  const [leeds, york, hull] = [await loc('Leeds'), await loc('York'), await loc('Hull')]
  const std = async (code: string, metric: string, target: number) =>
    (await admin.post('/api/standards', { code, title: `${code} standard`, customerType: 'external', dimension: 'responsiveness', metric, target, tolerance: 5, direction: 'higher' })).body.standard.id as string
  const csat = await std('SAT-01', 'csat', 85)
  const nps = await std('REC-01', 'nps', 40)
  const greet = await std('GRT-01', 'audit_compliance', 95)
  const clean = await std('CMP-01', 'case_sla', 90)
  const surveyId = (await admin.post('/api/surveys', { title: 'After your visit' })).body.survey.id
  const definition = structuredClone(SURVEY) as any
  definition.pages[0].questions[0].standardIds = [csat]
  expect((await admin.put(`/api/surveys/${surveyId}/draft`, { definition })).status).toBe(200)
  expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
  const link = async (locationId: string) => (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: `link ${locationId}`, locationId })).body.collector.token as string
  const links = { leeds: await link(leeds), york: await link(york), hull: await link(hull) }
  const versionId = (await new Client(h).get(`/api/public/s/${links.leeds}`)).body.versionId
  const templateId = (await admin.post('/api/audit-templates', { title: 'Branch visit' })).body.template.id
  expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: TEMPLATE(greet) })).status).toBe(200)
  expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
  const shopper = await addUser(h, admin, 'shopper', 'sam@acme.example')
  const shopperId = (await admin.get('/api/audit-shoppers')).body.shoppers[0].id
  const reviewer = await addUser(h, admin, 'reviewer', 'rex@acme.example')
  const analyst = await addUser(h, admin, 'analyst', 'ann@acme.example')
  const other = await createOrgDirect(h, 'Other Org', 'boss@other.example')
  return { h, admin, analyst, shopper, reviewer, other, leeds, york, hull, csat, nps, greet, clean, links, versionId, templateId, shopperId }
}

const LEEDS = { before: answers(10, 20), after: answers(19, 20) }
const YORK = { before: answers(12, 20), after: answers(13, 20) }

async function submitResponses(w: World) {
  // In the windows: Leeds 10/20 → 19/20, York (comparison) 12/20 → 13/20.
  for (const [i, v] of LEEDS.before.entries()) await respond(w, w.links.leeds, i % 2 ? '2026-02-15' : '2026-02-28', v)
  for (const [i, v] of LEEDS.after.entries()) await respond(w, w.links.leeds, i % 2 ? '2026-03-08' : '2026-03-21', v)
  for (const [i, v] of YORK.before.entries()) await respond(w, w.links.york, i % 2 ? '2026-02-16' : '2026-02-23', v)
  for (const [i, v] of YORK.after.entries()) await respond(w, w.links.york, i % 2 ? '2026-03-09' : '2026-03-16', v)
  // Outside the windows or elsewhere: the day before the before window, the settling days, the
  // day after the after window, and Hull, which is in neither group.
  for (const day of ['2026-02-14', '2026-03-01', '2026-03-07', '2026-03-22']) for (let i = 0; i < 3; i++) await respond(w, w.links.leeds, day, 1)
  for (let i = 0; i < 5; i++) await respond(w, w.links.hull, '2026-03-10', 1)
  // Greeting compliance at Leeds: 1 of 3 audits before, 3 of 3 after; one at York before.
  for (const [day, greeted] of [['2026-02-17', true], ['2026-02-18', false], ['2026-02-19', false], ['2026-03-10', true], ['2026-03-11', true], ['2026-03-12', true]] as const) await approvedAudit(w, w.leeds, day, greeted)
  await approvedAudit(w, w.york, '2026-02-20', true)
  w.h.setNow(TODAY)
}

const body = (w: World, over: Record<string, unknown> = {}) => ({
  title: 'Greeter at the door during peak hours',
  description: 'A member of staff greets and directs customers from 11:00 to 14:00.',
  startDate: START,
  status: 'in_progress',
  standardIds: [w.csat, w.greet],
  locationIds: [w.leeds],
  comparisonLocationIds: [w.york],
  windowDays: 14,
  settlingDays: 7,
  ...over,
})

async function count(w: World, table: 'improvement_action' | 'action_stakeholder') {
  return Number((await w.h.deps.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

describe('improvement actions', () => {
  let w: World
  beforeAll(async () => {
    w = await build()
    await submitResponses(w)
  }, 120_000)

  it('lists nothing at first, records an action, and lists it with its owner, standards and locations', async () => {
    expect((await w.admin.get('/api/actions')).body).toEqual({ actions: [] })
    const owners = (await w.admin.get('/api/actions/owners')).body.owners
    // Mystery shoppers never own an action (they stay anonymous to staff).
    expect(owners.map((o: any) => o.name).sort()).toEqual(['Ada Admin', 'analyst user', 'reviewer user'])
    const ada = owners.find((o: any) => o.name === 'Ada Admin').id
    const r = await w.admin.post('/api/actions', body(w, { ownerId: ada }))
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.action).toMatchObject({
      title: 'Greeter at the door during peak hours',
      owner: { id: ada, name: 'Ada Admin' },
      startDate: START,
      status: 'in_progress',
      standards: [{ id: w.csat, code: 'SAT-01', metric: 'csat' }, { id: w.greet, code: 'GRT-01', metric: 'audit_compliance' }],
      locations: [{ id: w.leeds, name: 'Leeds' }],
      comparisonLocations: [{ id: w.york, name: 'York' }],
      windowDays: 14,
      settlingDays: 7,
      createdBy: { name: 'Ada Admin' },
    })
    expect(r.body.stakeholders).toEqual([])
    const list = (await w.analyst.get('/api/actions')).body.actions
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ id: r.body.action.id, owner: { name: 'Ada Admin' }, standards: [{ code: 'SAT-01' }, { code: 'GRT-01' }], locations: [{ name: 'Leeds' }] })
    expect((await w.admin.get('/api/actions?status=done')).body.actions).toEqual([])
    expect((await w.admin.get(`/api/actions/${r.body.action.id}`)).body.action.id).toBe(r.body.action.id)
  })

  it('defaults: planned, 90-day windows, no settling, no comparison', async () => {
    const r = await w.admin.post('/api/actions', { title: 'Quiet rota change', startDate: '2026-01-10', standardIds: [w.nps], locationIds: [w.hull] })
    expect(r.status).toBe(201)
    expect(r.body.action).toMatchObject({ status: 'planned', windowDays: 90, settlingDays: 0, comparisonLocations: [], owner: null, description: '' })
    expect((await w.admin.del(`/api/actions/${r.body.action.id}`)).status).toBe(200)
  })

  it('edits: links given replace the stored ones; an overlap with the stored comparison is refused', async () => {
    const id = (await w.admin.post('/api/actions', body(w))).body.action.id
    const r = await w.admin.patch(`/api/actions/${id}`, { status: 'done', title: 'Greeter at the door (trial)', standardIds: [w.csat] })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.action).toMatchObject({ status: 'done', title: 'Greeter at the door (trial)', standards: [{ id: w.csat }], locations: [{ id: w.leeds }] })
    // York is the stored comparison: it cannot become a location with the action too.
    const bad = await w.admin.patch(`/api/actions/${id}`, { locationIds: [w.leeds, w.york] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues).toEqual([{ path: 'body.locationIds', message: 'must not include a comparison location of this action' }])
    expect((await w.admin.get(`/api/actions/${id}`)).body.action.locations).toHaveLength(1)
    expect((await w.admin.patch(`/api/actions/${id}`, {})).status).toBe(400)
    expect((await w.admin.del(`/api/actions/${id}`)).status).toBe(200)
  })

  it('keeps an owner who has since left when other fields change; a new owner must be active', async () => {
    const leaver = await addUser(w.h, w.admin, 'manager', 'leaver@acme.example')
    const leaverId = (await leaver.get('/api/auth/me')).body.user.id
    const id = (await w.admin.post('/api/actions', body(w, { ownerId: leaverId }))).body.action.id
    expect((await w.admin.patch(`/api/users/${leaverId}`, { active: false })).status).toBe(200)
    const kept = await w.admin.patch(`/api/actions/${id}`, { ownerId: leaverId, status: 'done' })
    expect(kept.status, JSON.stringify(kept.body)).toBe(200)
    expect(kept.body.action.owner).toEqual({ id: leaverId, name: 'manager user' })
    expect((await w.admin.get('/api/actions/owners')).body.owners.map((o: any) => o.id)).not.toContain(leaverId)
    const other = await w.admin.post('/api/actions', body(w, { ownerId: leaverId }))
    expect(other.body.error.issues).toEqual([{ path: 'body.ownerId', message: 'must be an active user of your organisation (not a mystery shopper)' }])
    await w.admin.del(`/api/actions/${id}`)
  })

  it('400s name the field and store nothing', async () => {
    const before = await count(w, 'improvement_action')
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '  ' }, 'body.title'],
      [{ startDate: '2026-02-30' }, 'body.startDate'],
      [{ windowDays: 400 }, 'body.windowDays'],
      [{ settlingDays: -1 }, 'body.settlingDays'],
      [{ standardIds: [] }, 'body.standardIds'],
      [{ locationIds: ['nope'] }, 'body.locationIds.0'],
      [{ comparisonLocationIds: [w.leeds] }, 'body.comparisonLocationIds.0'],
      [{ status: 'finished' }, 'body.status'],
    ]
    for (const [over, path] of cases) {
      const r = await w.admin.post('/api/actions', body(w, over))
      expect(r.status, path).toBe(400)
      expect(r.body.error.code).toBe('validation_failed')
      expect(r.body.error.issues.map((i: any) => i.path), path).toEqual([path])
      expect(r.body.error.message).toContain(path)
    }
    expect((await w.admin.post('/api/actions', body(w, { windowDays: 400 }))).body.error.issues[0].message).toBe('must be from 7 to 365 days')
    // Ids of another organisation, or an owner who is a mystery shopper, are named too.
    const otherLoc = (await w.other.post('/api/locations', { name: 'Elsewhere', kind: 'branch' })).body.location.id
    const theirs = await w.admin.post('/api/actions', body(w, { comparisonLocationIds: [w.york, otherLoc] }))
    expect(theirs.body.error.issues).toEqual([{ path: 'body.comparisonLocationIds.1', message: 'is not a location of your organisation' }])
    const shopperOwner = await w.admin.post('/api/actions', body(w, { ownerId: w.shopperId }))
    expect(shopperOwner.body.error.issues.map((i: any) => i.path)).toEqual(['body.ownerId'])
    expect(await count(w, 'improvement_action')).toBe(before)
  })

  it('keeps a stakeholder log; deleting the action removes it too, in one write', async () => {
    const id = (await w.admin.post('/api/actions', body(w))).body.action.id
    const a = await w.admin.post(`/api/actions/${id}/stakeholders`, { kind: 'consulted', stakeholder: 'Leeds store team', onDate: '2026-02-20', note: 'Agreed the peak hours.' })
    expect(a.status, JSON.stringify(a.body)).toBe(201)
    expect(a.body.stakeholder).toMatchObject({ kind: 'consulted', stakeholder: 'Leeds store team', onDate: '2026-02-20', note: 'Agreed the peak hours.', recordedBy: { name: 'Ada Admin' } })
    const b = await w.admin.post(`/api/actions/${id}/stakeholders`, { kind: 'informed', stakeholder: 'Area manager', onDate: '2026-02-10' })
    expect(b.status).toBe(201)
    const bad = await w.admin.post(`/api/actions/${id}/stakeholders`, { kind: 'told', stakeholder: 'x', onDate: '2026-02-10' })
    expect(bad.body.error.issues.map((i: any) => i.path)).toEqual(['body.kind'])
    // In date order.
    expect((await w.admin.get(`/api/actions/${id}`)).body.stakeholders.map((s: any) => s.stakeholder)).toEqual(['Area manager', 'Leeds store team'])
    expect((await w.admin.del(`/api/actions/${id}/stakeholders/${b.body.stakeholder.id}`)).status).toBe(200)
    expect((await w.admin.del(`/api/actions/${id}/stakeholders/${b.body.stakeholder.id}`)).status).toBe(404)
    expect((await w.admin.get(`/api/actions/${id}`)).body.stakeholders).toHaveLength(1)

    const logged = await count(w, 'action_stakeholder')
    expect((await w.admin.del(`/api/actions/${id}`)).status).toBe(200)
    expect(await count(w, 'action_stakeholder')).toBe(logged - 1)
    expect((await w.admin.get(`/api/actions/${id}`)).status).toBe(404)
    expect((await w.admin.del(`/api/actions/${id}`)).status).toBe(404)
    // No log entry for an action that is gone.
    expect((await w.admin.post(`/api/actions/${id}/stakeholders`, { kind: 'informed', stakeholder: 'Board', onDate: '2026-02-10' })).status).toBe(404)
    expect(await count(w, 'action_stakeholder')).toBe(logged - 1)
  })

  it('another organisation’s action is not found, for reading and writing', async () => {
    const id = (await w.admin.post('/api/actions', body(w))).body.action.id
    expect((await w.other.get(`/api/actions/${id}`)).status).toBe(404)
    expect((await w.other.get(`/api/actions/${id}/impact`)).status).toBe(404)
    expect((await w.other.patch(`/api/actions/${id}`, { status: 'done' })).status).toBe(404)
    expect((await w.other.del(`/api/actions/${id}`)).status).toBe(404)
    expect((await w.other.post(`/api/actions/${id}/stakeholders`, { kind: 'informed', stakeholder: 'Board', onDate: '2026-02-10' })).status).toBe(404)
    expect((await w.other.get('/api/actions')).body.actions).toEqual([])
    expect((await w.admin.get(`/api/actions/${id}`)).body.action.status).toBe('in_progress')
    await w.admin.del(`/api/actions/${id}`)
  })

  it('an analyst reads but cannot write; a reviewer cannot write; a shopper cannot read', async () => {
    const id = (await w.admin.post('/api/actions', body(w))).body.action.id
    expect((await w.analyst.get(`/api/actions/${id}`)).status).toBe(200)
    expect((await w.analyst.get(`/api/actions/${id}/impact`)).status).toBe(200)
    expect((await w.analyst.post('/api/actions', body(w))).status).toBe(403)
    expect((await w.analyst.patch(`/api/actions/${id}`, { status: 'done' })).status).toBe(403)
    expect((await w.analyst.del(`/api/actions/${id}`)).status).toBe(403)
    expect((await w.analyst.post(`/api/actions/${id}/stakeholders`, { kind: 'informed', stakeholder: 'Board', onDate: '2026-02-10' })).status).toBe(403)
    expect((await w.reviewer.post('/api/actions', body(w))).status).toBe(403)
    expect((await w.shopper.get('/api/actions')).status).toBe(403)
    expect((await w.shopper.get(`/api/actions/${id}/impact`)).status).toBe(403)
    expect((await new Client(w.h).get('/api/actions')).status).toBe(401)
    await w.admin.del(`/api/actions/${id}`)
  })

  it('before and after from responses submitted through the API: figures, change and difference of differences by the engine', async () => {
    const id = (await w.admin.post('/api/actions', body(w, { standardIds: [w.csat, w.greet, w.nps, w.clean] }))).body.action.id
    const r = await w.analyst.get(`/api/actions/${id}/impact`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const impact = r.body
    expect(impact.windows).toEqual({
      before: { from: '2026-02-15', to: '2026-02-28', days: 14, complete: true },
      after: { from: '2026-03-08', to: '2026-03-21', days: 14, plannedTo: '2026-03-21', plannedDays: 14, started: true, complete: true },
      windowDays: 14,
      settlingDays: 7,
    })
    expect(impact.minSample).toEqual({ answers: 10, audits: 3 })
    expect(impact.locations).toEqual([{ id: w.leeds, name: 'Leeds', archived: false }])
    expect(impact.comparisonLocations).toEqual([{ id: w.york, name: 'York', archived: false }])

    const [csat, greet, nps, clean] = impact.standards
    const leeds = { before: statsFromValues(LEEDS.before), after: statsFromValues(LEEDS.after) }
    const york = { before: statsFromValues(YORK.before), after: statsFromValues(YORK.after) }
    const rule = { answers: 10, audits: 3 }
    expect(csat.source).toBe('survey')
    // Leeds 10/20 = 50% → 19/20 = 95%: the settling days, the days outside and Hull do not count.
    const fig = (s: Stats) => csatFromStats(s, { minSample: 10 })
    expect(csat.action.before).toMatchObject({ value: 50, n: 20, sample: 20, insufficient: false, low: fig(leeds.before).low, high: fig(leeds.before).high })
    expect(csat.action.after).toMatchObject({ value: 95, n: 20, low: fig(leeds.after).low, high: fig(leeds.after).high })
    const change = changeFor('csat', leeds.before, leeds.after, { rule })!
    expect(csat.action.change).toEqual({ delta: change.delta, low: change.low, high: change.high, pValue: change.pValue, significant: true, direction: 'up' })
    expect(csat.comparison.before).toMatchObject({ value: 60, n: 20 })
    expect(csat.comparison.after).toMatchObject({ value: 65, n: 20 })
    const did = differenceOfDifferences('csat', leeds, york, { rule })!
    expect(csat.differenceOfDifferences).toEqual({ delta: did.delta, low: did.low, high: did.high, pValue: did.pValue, significant: did.significant, direction: 'up' })
    // (95 − 50) − (65 − 60) = +40 points.
    expect(csat.differenceOfDifferences.delta).toBeCloseTo(40, 9)
    expect(csat.differenceOfDifferences.significant).toBe(true)
    expect(csat.outcome).toBe('improved')
    expect(csat.verdict).toMatch(/^CSAT at Leeds rose from 50% to 95%; the change is significant at 95% \(\+45 points, 95% interval \+\d+ to \+\d+ points\)\. At the comparison locations it rose from 60% to 65%, so the difference of differences is \+40 points, 95% interval \+\d+ to \+\d+ points: significant at 95%\.$/)

    // Greeting compliance at Leeds from the approved audits: 1 of 3 → 3 of 3; York has one audit before, none after.
    expect(greet.source).toBe('audit')
    expect(greet.action.before).toMatchObject({ value: (1 / 3) * 100, n: 3, sample: 3, low: complianceFromStats({ n: 3, sum: 1, sumsq: 1, counts: [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }).low })
    expect(greet.action.after).toMatchObject({ value: 100, n: 3, sample: 3 })
    expect(greet.comparison.before).toMatchObject({ value: 100, n: 1, sample: 1, insufficient: true })
    expect(greet.comparison.after).toMatchObject({ value: null, n: 0, sample: 0 })
    expect(greet.outcome).toBe('insufficient')
    expect(greet.verdict).toBe('Not enough audits yet to tell (1 before at the comparison locations, 0 after at the comparison locations, 3 needed).')

    // NPS: no question is linked to the standard; case SLA is not measured by surveys or audits.
    expect(nps).toMatchObject({ source: null, outcome: 'not_measured', verdict: 'No survey question measures REC-01 yet: link one to the standard to see its before and after.' })
    expect(clean).toMatchObject({ source: null, outcome: 'not_measured' })
    expect(impact.rowsRead).toBeGreaterThan(0)
    // Rollup rows, not responses: bounded by buckets × questions and standards × locations, plus the register.
    expect(impact.rowsRead).toBeLessThan(100)
    await w.admin.del(`/api/actions/${id}`)
  })

  it('says so while the after window is not complete, and before it starts', async () => {
    const id = (await w.admin.post('/api/actions', body(w, { standardIds: [w.csat], windowDays: 30, comparisonLocationIds: [] }))).body.action.id
    const running = (await w.admin.get(`/api/actions/${id}/impact`)).body
    // After: 8 March to 6 April, so far to 1 April (25 of 30 days).
    expect(running.windows.after).toMatchObject({ from: '2026-03-08', to: '2026-04-01', days: 25, plannedTo: '2026-04-06', complete: false })
    expect(running.standards[0].verdict).toContain('The after window is not complete yet (25 of 30 days; it ends on 6 April 2026).')
    expect(running.standards[0].comparison).toBeNull()
    expect(running.standards[0].differenceOfDifferences).toBeNull()

    await w.admin.patch(`/api/actions/${id}`, { startDate: '2026-03-30' })
    const ahead = (await w.admin.get(`/api/actions/${id}/impact`)).body
    expect(ahead.windows.after).toMatchObject({ from: '2026-04-06', started: false, days: 0 })
    expect(ahead.standards[0]).toMatchObject({ outcome: 'not_started', verdict: 'The after window starts on 6 April 2026, after 7 settling-in days: nothing to compare yet.', action: { change: null } })
    await w.admin.del(`/api/actions/${id}`)
  })
})

describe('the demo organisation’s actions, read from its own responses', () => {
  it('York’s refit worked (CSAT and NPS improved, against Leeds and Nottingham); Manchester’s tablets did not', async () => {
    const now = new Date('2026-09-07T12:00:00Z')
    const h = await makeHarness({ now })
    await seedDemo(h.deps.database, { now, scale: 0.4 })
    const manager = new Client(h)
    expect((await manager.post('/api/auth/login', { email: 'manager@yardstick.example', password: DEMO_LOGIN.password })).status).toBe(200)
    const actions = (await manager.get('/api/actions')).body.actions
    expect(actions.map((a: any) => a.title).sort()).toEqual(['Queue-busting tablets at Manchester', 'Refit and one-queue layout at York'])
    const york = actions.find((a: any) => a.title.includes('York'))
    expect(york).toMatchObject({ status: 'done', owner: { name: 'Priya Shah' }, windowDays: 120, settlingDays: 21, locations: [{ name: 'York – Coney Street' }] })
    expect((await manager.get(`/api/actions/${york.id}`)).body.stakeholders).toHaveLength(4)

    const worked = (await manager.get(`/api/actions/${york.id}/impact`)).body
    expect(worked.windows.after.complete).toBe(true)
    for (const s of worked.standards) {
      expect(s.outcome, s.verdict).toBe('improved')
      expect(s.differenceOfDifferences.significant).toBe(true)
      expect(s.action.before.n).toBeGreaterThan(100)
      expect(s.verdict).toMatch(/at York – Coney Street rose from .*; the change is significant at 95%.*: significant at 95%\.$/)
    }
    const manchester = actions.find((a: any) => a.title.includes('Manchester'))
    const flat = (await manager.get(`/api/actions/${manchester.id}/impact`)).body
    const csat = flat.standards.find((s: any) => s.standard.code === 'SAT-01')
    expect(csat.outcome, csat.verdict).toBe('no_significant_change')
    expect(csat.differenceOfDifferences.significant).toBe(false)
    expect(flat.standards.find((s: any) => s.standard.code === 'QUE-01').source).toBe('audit')
  }, 60_000)
})
