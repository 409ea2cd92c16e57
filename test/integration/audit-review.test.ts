import { describe, expect, it } from 'vitest'
import { ASSIGNMENT_STATUSES, nextStatus, type AssignmentAction, type AssignmentStatus } from '../../shared/audit/status.ts'
import { addUser, createOrgDirect, makeHarness, setupOrg, type Client, type Harness } from '../helpers/harness.ts'

const DEFINITION = (greetId: string, queueId: string) => ({
  title: 'Branch visit',
  settings: { staffNamePrivacy: true },
  sections: [
    {
      id: 'visit',
      title: 'The visit',
      items: [
        { id: 'greeted', type: 'yes_no', label: 'Greeted within 30 seconds?', standardIds: [greetId] },
        { id: 'queue_time', type: 'timing', label: 'Wait to be served', thresholdSeconds: 300, standardIds: [queueId] },
        { id: 'served_by', type: 'text', label: 'Describe who served you', required: false },
      ],
    },
  ],
})

async function reviewOrg(h: Harness) {
  const admin = await setupOrg(h)
  const std = (code: string) => ({ code, title: code, customerType: 'external', dimension: 'responsiveness', metric: 'audit_compliance', target: 90, tolerance: 10, direction: 'higher' })
  const greet = (await admin.post('/api/standards', std('GREET'))).body.standard
  const queue = (await admin.post('/api/standards', std('QUEUE'))).body.standard
  const templateId = (await admin.post('/api/audit-templates', { title: 'Branch visit' })).body.template.id
  expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition: DEFINITION(greet.id, queue.id) })).status).toBe(200)
  expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
  const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
  await addUser(h, admin, 'shopper', 'sam@acme.example')
  const shopperId = (await admin.get('/api/audit-shoppers')).body.shoppers[0].id
  const reviewer = await addUser(h, admin, 'reviewer', 'rex@acme.example')
  const manager = await addUser(h, admin, 'manager', 'max@acme.example')
  const analyst = await addUser(h, admin, 'analyst', 'ann@acme.example')
  const assign = async () => (await admin.post('/api/assignments', { templateId, locationId: location.id, shopperId, visitFrom: '2026-12-01', visitTo: '2026-12-07', dueAt: '2026-12-08' })).body.assignment.id as string
  return { admin, reviewer, manager, analyst, greet, queue, templateId, location, shopperId, assign }
}

const ANSWERS = { greeted: { value: true }, queue_time: { value: 420 }, served_by: { value: 'Served by Priya at the till', note: 'Tom was on the door' } }

/** Puts an audit straight into a status, with answers (the shopper's own routes are tested elsewhere). */
async function setStatus(h: Harness, id: string, status: AssignmentStatus, answers: object = ANSWERS) {
  await h.deps.database.db
    .updateTable('assignment')
    .set({ status, answers: JSON.stringify(answers), submitted_at: '2026-12-02T12:00:00.000Z', visit_started_at: '2026-12-02T11:00:00.000Z' })
    .where('id', '=', id)
    .execute()
}

async function snapshot(h: Harness, id: string) {
  const db = h.deps.database.db
  return {
    assignment: await db.selectFrom('assignment').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    events: await db.selectFrom('assignment_event').selectAll().where('assignment_id', '=', id).execute(),
    results: await db.selectFrom('audit_standard_result').selectAll().where('assignment_id', '=', id).execute(),
    disputes: await db.selectFrom('audit_dispute').selectAll().where('assignment_id', '=', id).execute(),
  }
}

describe('reviewing an audit', () => {
  it('approves: status, score, per-standard results and a status event in one write', async () => {
    const h = await makeHarness({ now: new Date('2026-12-03T10:00:00Z') })
    const { reviewer, greet, queue, location, assign } = await reviewOrg(h)
    const id = await assign()
    await setStatus(h, id, 'submitted')
    const queueList = (await reviewer.get('/api/reviews')).body.queue
    expect(queueList.map((a: any) => a.id)).toEqual([id])
    const r = await reviewer.post(`/api/assignments/${id}/approve`, { comment: 'Clear report' })
    expect(r.status).toBe(200)
    expect(r.body.assignment).toMatchObject({ status: 'approved', scorePercent: 50, outcome: 'fail', approvedAt: '2026-12-03T10:00:00.000Z' })
    const s = await snapshot(h, id)
    expect(s.assignment).toMatchObject({ reviewed_at: '2026-12-03T10:00:00.000Z', earned: 1, possible: 2 })
    expect(s.results.map((x) => [x.standard_id, x.location_id, x.visit_date, x.applicable, x.passed]).sort()).toEqual(
      [
        [greet.id, location.id, '2026-12-02', 1, 1],
        [queue.id, location.id, '2026-12-02', 1, 0],
      ].sort(),
    )
    expect(s.events).toEqual([expect.objectContaining({ kind: 'status', from_status: 'submitted', to_status: 'approved', message: 'Clear report' })])
    expect((await reviewer.get('/api/reviews')).body.queue).toEqual([])
  })

  it('returns and rejects only with a comment, and records it', async () => {
    const h = await makeHarness()
    const { reviewer, assign } = await reviewOrg(h)
    const id = await assign()
    await setStatus(h, id, 'submitted')
    const missing = await reviewer.post(`/api/assignments/${id}/return`, {})
    expect(missing.status).toBe(400)
    expect(missing.body.error.issues[0].path).toBe('body.comment')
    expect((await reviewer.post(`/api/assignments/${id}/reject`, { comment: '   ' })).body.error.issues[0].path).toBe('body.comment')
    const returned = await reviewer.post(`/api/assignments/${id}/return`, { comment: 'Add the receipt photo' })
    expect(returned.body.assignment.status).toBe('returned')
    await setStatus(h, id, 'resubmitted')
    const rejected = await reviewer.post(`/api/assignments/${id}/reject`, { comment: 'Visited outside the window' })
    expect(rejected.body.assignment.status).toBe('rejected')
    const events = (await reviewer.get(`/api/assignments/${id}`)).body.events
    expect(events.map((e: any) => [e.kind, e.fromStatus, e.toStatus, e.message, e.userName])).toEqual([
      ['status', 'submitted', 'returned', 'Add the receipt photo', 'reviewer user'],
      ['status', 'resubmitted', 'rejected', 'Visited outside the window', 'reviewer user'],
    ])
  })

  it('refuses every illegal review move with 409 and changes nothing', async () => {
    const h = await makeHarness()
    const { admin, assign } = await reviewOrg(h)
    const id = await assign()
    const moves: Record<Extract<AssignmentAction, 'approve' | 'return' | 'reject'>, (c: Client) => Promise<{ status: number }>> = {
      approve: (c) => c.post(`/api/assignments/${id}/approve`, {}),
      return: (c) => c.post(`/api/assignments/${id}/return`, { comment: 'Again' }),
      reject: (c) => c.post(`/api/assignments/${id}/reject`, { comment: 'No' }),
    }
    let checked = 0
    for (const status of ASSIGNMENT_STATUSES) {
      for (const [action, move] of Object.entries(moves) as [AssignmentAction, (c: Client) => Promise<{ status: number }>][]) {
        if (nextStatus(status, action) !== null) continue
        await setStatus(h, id, status)
        const before = await snapshot(h, id)
        const r = await move(admin)
        expect({ status, action, code: r.status }).toEqual({ status, action, code: 409 })
        expect(await snapshot(h, id)).toEqual(before)
        checked++
      }
      // An edit is a review move too: only while the audit waits for review.
      if (status !== 'submitted' && status !== 'resubmitted') {
        await setStatus(h, id, status)
        const before = await snapshot(h, id)
        expect((await admin.patch(`/api/assignments/${id}/answers`, { itemId: 'greeted', answer: { value: false }, reason: 'Saw the video' })).status).toBe(409)
        expect(await snapshot(h, id)).toEqual(before)
      }
      // Only an approved audit can be disputed, and so withdrawn.
      if (nextStatus(status, 'withdraw') === null) {
        await setStatus(h, id, status)
        const before = await snapshot(h, id)
        expect((await admin.post(`/api/assignments/${id}/disputes`, { reason: 'Unfair' })).status).toBe(409)
        expect(await snapshot(h, id)).toEqual(before)
        checked++
      }
    }
    // 8 statuses × 3 review moves, less the 6 legal ones; and a dispute from the 7 statuses other than approved.
    expect(checked).toBe(8 * 3 - 6 + 7)
  })

  it('a move that lost a race changes nothing (guarded by status and revision)', async () => {
    const h = await makeHarness()
    const { reviewer, assign } = await reviewOrg(h)
    const id = await assign()
    await setStatus(h, id, 'submitted')
    const [a, b] = await Promise.all([reviewer.post(`/api/assignments/${id}/approve`, {}), reviewer.post(`/api/assignments/${id}/reject`, { comment: 'No' })])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const s = await snapshot(h, id)
    expect(s.events).toHaveLength(1)
    expect(s.results.length > 0).toBe(s.assignment.status === 'approved')
  })

  it('records a reviewer edit with who, when, old and new answer and reason, and rescores', async () => {
    const h = await makeHarness({ now: new Date('2026-12-03T10:00:00Z') })
    const { reviewer, assign } = await reviewOrg(h)
    const id = await assign()
    await setStatus(h, id, 'submitted')
    const before = (await reviewer.get(`/api/assignments/${id}`)).body
    expect(before.score.percent).toBe(50)
    const r = await reviewer.patch(`/api/assignments/${id}/answers`, { itemId: 'queue_time', answer: { value: 240 }, reason: 'The receipt shows 4 minutes' })
    expect(r.status).toBe(200)
    expect(r.body.assignment).toMatchObject({ scorePercent: 100, outcome: 'pass', revision: before.assignment.revision + 1 })
    expect(r.body.assignment.answers.queue_time).toEqual({ value: 240 })
    expect(r.body.score.percent).toBe(100)
    const edit = r.body.events.find((e: any) => e.kind === 'edit')
    expect(edit).toMatchObject({ at: '2026-12-03T10:00:00.000Z', userName: 'reviewer user', itemId: 'queue_time', message: 'The receipt shows 4 minutes' })
    expect(JSON.parse(edit.oldValue)).toEqual({ value: 420 })
    expect(JSON.parse(edit.newValue)).toEqual({ value: 240 })
    expect((await reviewer.get(`/api/assignments/${id}`)).body.events).toHaveLength(1)

    const bad = async (body: object) => (await reviewer.patch(`/api/assignments/${id}/answers`, body)).body.error.issues[0]
    expect((await bad({ itemId: 'queue_time', answer: { value: 240 }, reason: '' })).path).toBe('body.reason')
    expect((await bad({ itemId: 'nope', answer: { value: 1 }, reason: 'R' })).path).toBe('body.itemId')
    const wrong = await bad({ itemId: 'greeted', answer: { value: 'yes' }, reason: 'R' })
    expect(wrong).toEqual({ path: 'body.answer', message: 'of greeted must be yes or no' })
    expect((await bad({ itemId: 'greeted', answer: { na: true }, reason: 'R' })).message).toMatch(/not applicable/)
    expect((await reviewer.get(`/api/assignments/${id}`)).body.assignment.answers.greeted).toEqual({ value: true })
  })

  it('disputes: raised on approved audits, one open at a time; upheld withdraws the audit, dismissed lets it stand', async () => {
    const h = await makeHarness()
    const { manager, reviewer, assign } = await reviewOrg(h)
    const upheldId = await assign()
    await setStatus(h, upheldId, 'submitted')
    await reviewer.post(`/api/assignments/${upheldId}/approve`, {})
    expect((await manager.post(`/api/assignments/${upheldId}/disputes`, { reason: '' })).body.error.issues[0].path).toBe('body.reason')
    const raised = await manager.post(`/api/assignments/${upheldId}/disputes`, { reason: 'The branch was closed that day' })
    expect(raised.status).toBe(201)
    expect(raised.body.dispute).toMatchObject({ raisedBy: 'manager user', reason: 'The branch was closed that day', status: 'open', resolvedBy: null })
    expect((await manager.post(`/api/assignments/${upheldId}/disputes`, { reason: 'Again' })).status).toBe(409)
    // Managers dispute; reviewers resolve.
    expect((await manager.post(`/api/assignments/${upheldId}/disputes/${raised.body.dispute.id}/resolve`, { outcome: 'upheld', resolution: 'x' })).status).toBe(403)
    expect((await reviewer.post(`/api/assignments/${upheldId}/disputes/${raised.body.dispute.id}/resolve`, { outcome: 'maybe', resolution: 'x' })).body.error.issues[0].path).toBe('body.outcome')
    const upheld = await reviewer.post(`/api/assignments/${upheldId}/disputes/${raised.body.dispute.id}/resolve`, { outcome: 'upheld', resolution: 'Confirmed closed; visit did not happen' })
    expect(upheld.status).toBe(200)
    expect(upheld.body.dispute).toMatchObject({ status: 'upheld', resolvedBy: 'reviewer user', resolution: 'Confirmed closed; visit did not happen' })
    const s = await snapshot(h, upheldId)
    expect(s.assignment.status).toBe('rejected')
    expect(s.results).toEqual([])
    const detail = (await reviewer.get(`/api/assignments/${upheldId}`)).body
    expect(detail.events.map((e: any) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['status', 'submitted', 'approved'],
      ['dispute', null, null],
      ['dispute', null, null],
      ['status', 'approved', 'rejected'],
    ])
    expect(detail.disputes).toHaveLength(1)
    expect((await reviewer.post(`/api/assignments/${upheldId}/disputes/${raised.body.dispute.id}/resolve`, { outcome: 'dismissed', resolution: 'x' })).status).toBe(409)

    const standsId = await assign()
    await setStatus(h, standsId, 'submitted')
    await reviewer.post(`/api/assignments/${standsId}/approve`, {})
    const d = (await manager.post(`/api/assignments/${standsId}/disputes`, { reason: 'Seems harsh' })).body.dispute
    const dismissed = await reviewer.post(`/api/assignments/${standsId}/disputes/${d.id}/resolve`, { outcome: 'dismissed', resolution: 'The timings are on the receipt' })
    expect(dismissed.body.dispute.status).toBe('dismissed')
    const after = await snapshot(h, standsId)
    expect(after.assignment.status).toBe('approved')
    expect(after.results).toHaveLength(2)
    // Once resolved, a new dispute may be raised.
    expect((await manager.post(`/api/assignments/${standsId}/disputes`, { reason: 'New evidence' })).status).toBe(201)
    // Another assignment's dispute id is not found under this one.
    expect((await reviewer.post(`/api/assignments/${standsId}/disputes/${raised.body.dispute.id}/resolve`, { outcome: 'dismissed', resolution: 'x' })).status).toBe(404)
  })

  it('hides staff names from analysts and managers, shows them to reviewers', async () => {
    const h = await makeHarness()
    const { admin, reviewer, analyst, manager, assign } = await reviewOrg(h)
    const id = await assign()
    await setStatus(h, id, 'submitted')
    await reviewer.patch(`/api/assignments/${id}/answers`, { itemId: 'served_by', answer: { value: 'Served by Priya, then Tom helped' }, reason: 'Shopper added a detail by phone' })
    const seen = (await reviewer.get(`/api/assignments/${id}`)).body
    expect(seen.namesHidden).toBe(false)
    expect(seen.assignment.answers.served_by.value).toBe('Served by Priya, then Tom helped')
    expect((await admin.get(`/api/assignments/${id}`)).body.namesHidden).toBe(false)
    for (const c of [analyst, manager]) {
      const hidden = (await c.get(`/api/assignments/${id}`)).body
      expect(hidden.namesHidden).toBe(true)
      expect(hidden.assignment.answers.served_by.value).not.toMatch(/Priya|Tom/)
      expect(hidden.assignment.answers.served_by.value).toContain('[name]')
      const edit = hidden.events.find((e: any) => e.kind === 'edit')
      expect(edit.oldValue).not.toMatch(/Priya|Tom/)
      expect(edit.newValue).not.toMatch(/Priya|Tom/)
      expect(JSON.parse(edit.oldValue).note).toContain('[name]')
    }
  })

  it('review needs audits:review; another organisation gets 404', async () => {
    const h = await makeHarness()
    const { manager, analyst, reviewer, assign } = await reviewOrg(h)
    const id = await assign()
    await setStatus(h, id, 'submitted')
    for (const c of [manager, analyst]) {
      expect((await c.post(`/api/assignments/${id}/approve`, {})).status).toBe(403)
      expect((await c.post(`/api/assignments/${id}/return`, { comment: 'x' })).status).toBe(403)
      expect((await c.patch(`/api/assignments/${id}/answers`, { itemId: 'greeted', answer: { value: false }, reason: 'x' })).status).toBe(403)
      expect((await c.get('/api/reviews')).status).toBe(403)
    }
    expect((await reviewer.post(`/api/assignments/${id}/disputes`, { reason: 'x' })).status).toBe(403)
    expect((await analyst.post(`/api/assignments/${id}/disputes`, { reason: 'x' })).status).toBe(403)
    const other = await createOrgDirect(h, 'Other', 'boss@other.example')
    expect((await other.post(`/api/assignments/${id}/approve`, {})).status).toBe(404)
    expect((await other.patch(`/api/assignments/${id}/answers`, { itemId: 'greeted', answer: { value: false }, reason: 'x' })).status).toBe(404)
    expect((await other.get('/api/reviews')).body.queue).toEqual([])
    expect((await snapshot(h, id)).assignment.status).toBe('submitted')
  })
})
