import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_LOGIN, DEMO_USERS, seedDemo, type DemoSummary } from '../../server/demo/seed.ts'
import { checkAuditAnswers } from '../../shared/audit/answers.ts'
import { redactStaffNames } from '../../shared/audit/privacy.ts'
import { scoreAudit } from '../../shared/audit/scoring.ts'
import { ASSIGNMENT_STATUSES, nextStatus, ASSIGNMENT_ACTIONS, type AssignmentStatus } from '../../shared/audit/status.ts'
import { ZAuditTemplateDefinition, type TAuditAnswers } from '../../shared/audit/template.ts'
import { Client, makeHarness, type Harness } from '../helpers/harness.ts'

const NOW = new Date('2026-11-22T12:00:00.000Z')

describe('demo mystery shopping', () => {
  let h: Harness
  let summary: DemoSummary
  const db = () => h.deps.database.db

  beforeAll(async () => {
    h = await makeHarness({ now: NOW })
    summary = await seedDemo(h.deps.database, { now: NOW, scale: 0.05 })
  })

  it('has two published templates, Branch visit in its second version with audits still on the first', async () => {
    const versions = await db().selectFrom('audit_template_version').innerJoin('audit_template', 'audit_template.id', 'audit_template_version.template_id').select(['audit_template.title', 'audit_template_version.id', 'version', 'status']).orderBy('version').execute()
    expect(versions.filter((v) => v.status === 'published').map((v) => v.title).sort()).toEqual(['Branch visit', 'Phone call'])
    expect(versions.filter((v) => v.title === 'Branch visit').map((v) => [v.version, v.status])).toEqual([[1, 'archived'], [2, 'published']])
    const pinned = await db().selectFrom('assignment').select('version_id').distinct().execute()
    expect(pinned).toHaveLength(3)
  })

  it('has audits in all 8 statuses, each by a shopper, with a two-shopper rota', async () => {
    const rows = await db().selectFrom('assignment').innerJoin('user', 'user.id', 'assignment.shopper_id').select(['assignment.status', 'user.role', 'user.email']).execute()
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(ASSIGNMENT_STATUSES))
    expect(rows.every((r) => r.role === 'shopper')).toBe(true)
    expect(new Set(rows.map((r) => r.email)).size).toBe(DEMO_USERS.filter((u) => u.role === 'shopper').length)
    expect(summary.audits).toBe(rows.length)
  })

  it('stores answers the server would accept and the score of those answers against the pinned version', async () => {
    const rows = await db().selectFrom('assignment').innerJoin('audit_template_version', 'audit_template_version.id', 'assignment.version_id').select(['assignment.status', 'answers', 'definition', 'score_percent', 'outcome', 'earned', 'possible', 'insufficient', 'visit_started_at']).execute()
    let scored = 0
    for (const row of rows) {
      const def = ZAuditTemplateDefinition.parse(JSON.parse(row.definition))
      const answers = JSON.parse(row.answers) as TAuditAnswers
      if (row.status === 'assigned' || row.status === 'accepted') {
        expect(answers).toEqual({})
        expect(row.score_percent).toBeNull()
        continue
      }
      const mode = row.status === 'in_progress' || row.status === 'returned' ? 'draft' : 'submit'
      expect(checkAuditAnswers(def, answers, mode).problems).toEqual([])
      const score = scoreAudit(def, answers)
      expect([row.score_percent, row.outcome, row.earned, row.possible, row.insufficient]).toEqual([score.percent, score.outcome, score.earned, score.possible, score.insufficient ? 1 : 0])
      expect(row.visit_started_at).not.toBeNull()
      scored++
    }
    expect(scored).toBeGreaterThan(20)
  })

  it('gives every approved audit its per-standard rows, and no other audit any', async () => {
    const rows = await db().selectFrom('assignment').innerJoin('audit_template_version', 'audit_template_version.id', 'assignment.version_id').select(['assignment.id', 'assignment.status', 'answers', 'definition', 'visit_started_at', 'location_id']).execute()
    const results = await db().selectFrom('audit_standard_result').selectAll().execute()
    for (const row of rows) {
      const mine = results.filter((r) => r.assignment_id === row.id)
      if (row.status !== 'approved') {
        expect(mine).toEqual([])
        continue
      }
      const score = scoreAudit(ZAuditTemplateDefinition.parse(JSON.parse(row.definition)), JSON.parse(row.answers))
      const expected = score.standards.filter((s) => s.applicable > 0).map((s) => ({ standard_id: s.standardId, applicable: s.applicable, passed: s.passed }))
      expect(expected.length).toBeGreaterThan(0)
      expect(mine.map((r) => ({ standard_id: r.standard_id, applicable: r.applicable, passed: r.passed }))).toEqual(expect.arrayContaining(expected))
      expect(mine).toHaveLength(expected.length)
      for (const r of mine) expect([r.visit_date, r.location_id]).toEqual([row.visit_started_at!.slice(0, 10), row.location_id])
    }
  })

  it('records every status move in order, by the right people, none in the future', async () => {
    const rows = await db().selectFrom('assignment').select(['id', 'status', 'shopper_id']).execute()
    const events = await db().selectFrom('assignment_event').selectAll().orderBy('at').execute()
    const reviewers = new Set((await db().selectFrom('user').select(['id']).where('role', '=', 'reviewer').execute()).map((u) => u.id))
    for (const row of rows) {
      let status: AssignmentStatus = 'assigned'
      for (const e of events.filter((ev) => ev.assignment_id === row.id && ev.kind === 'status')) {
        expect(e.from_status).toBe(status)
        const action = ASSIGNMENT_ACTIONS.find((a) => nextStatus(status, a) === e.to_status)
        expect(action, `${status} → ${e.to_status}`).toBeDefined()
        if (['accept', 'start', 'submit', 'resubmit'].includes(action!)) expect(e.user_id).toBe(row.shopper_id)
        else expect(reviewers.has(e.user_id)).toBe(true)
        if (e.to_status === 'returned' || e.to_status === 'rejected') expect(e.message.length).toBeGreaterThan(20)
        status = e.to_status as AssignmentStatus
      }
      expect(status).toBe(row.status)
    }
    expect(events.every((e) => e.at <= NOW.toISOString())).toBe(true)
  })

  it('shows a reviewer edit with its reason, an open and a dismissed dispute, and staff names privacy mode hides', async () => {
    const edits = await db().selectFrom('assignment_event').selectAll().where('kind', '=', 'edit').execute()
    expect(edits).toHaveLength(1)
    expect(JSON.parse(edits[0]!.old_value!)).not.toEqual(JSON.parse(edits[0]!.new_value!))
    expect(edits[0]!.message).not.toBe('')
    const edited = await db().selectFrom('assignment').select(['answers', 'status']).where('id', '=', edits[0]!.assignment_id).executeTakeFirstOrThrow()
    expect(edited.status).toBe('approved')
    expect(JSON.parse(edited.answers)[edits[0]!.item_id!]).toEqual(JSON.parse(edits[0]!.new_value!))

    const disputes = await db().selectFrom('audit_dispute').innerJoin('assignment', 'assignment.id', 'audit_dispute.assignment_id').select(['audit_dispute.status', 'assignment.status as audit', 'resolution']).execute()
    expect(disputes.map((d) => d.status).sort()).toEqual(['dismissed', 'open'])
    expect(disputes.every((d) => d.audit === 'approved')).toBe(true)
    const criticalFails = await db().selectFrom('assignment').select('id').where('status', '=', 'approved').where('outcome', '=', 'critical_fail').execute()
    expect(criticalFails.length).toBeGreaterThanOrEqual(2)

    const narratives = (await db().selectFrom('assignment').select('answers').execute()).map((r) => (JSON.parse(r.answers) as TAuditAnswers).narrative?.value).filter((v): v is string => typeof v === 'string')
    const named = narratives.filter((n) => redactStaffNames(n) !== n)
    expect(named.length).toBeGreaterThan(0)
    expect(named.length).toBeLessThan(narratives.length)
  })

  it('shows every audited location in the results, from approved audits only', async () => {
    const c = new Client(h)
    await c.post('/api/auth/login', { email: 'manager@yardstick.example', password: DEMO_LOGIN.password })
    const r = await c.get('/api/audit-results?from=2026-08-01&to=2026-11-22')
    expect(r.status).toBe(200)
    const audited = await db().selectFrom('assignment').select('location_id').distinct().where('status', '=', 'approved').execute()
    expect(audited.length).toBeGreaterThanOrEqual(9)
    const shown = new Map<string, number>(r.body.locations.map((l: { locationId: string; visits: number }) => [l.locationId, l.visits]))
    for (const { location_id } of audited) expect(shown.get(location_id)).toBeGreaterThan(0)
  })

  it('seeds the same audits for the same day', async () => {
    const again = await makeHarness({ now: NOW })
    await seedDemo(again.deps.database, { now: NOW, scale: 0.01 })
    const view = (hh: Harness) =>
      hh.deps.database.db.selectFrom('assignment').innerJoin('location', 'location.id', 'assignment.location_id').select(['location.code', 'assignment.status', 'assignment.visit_from', 'assignment.answers', 'assignment.score_percent']).orderBy('location.code').orderBy('assignment.visit_from').orderBy('assignment.status').execute()
    expect(await view(again)).toEqual(await view(h))
  })
})
