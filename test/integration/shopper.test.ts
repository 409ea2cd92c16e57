import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, Client, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { newId } from '../../shared/ids.ts'
import { insertAssignment, insertPublishedTemplate, type AuditFixture } from '../helpers/shopper-fixture.ts'

/** A shopper's whole audit through the shopper routes, on a fresh migrated SQLite. */

interface World {
  h: Harness
  admin: Client
  shopper: Client
  other: Client
  orgId: string
  shopperId: string
  otherId: string
  fixture: AuditFixture
}

async function me(c: Client) {
  return (await c.get('/api/auth/me')).body as { user: { id: string }; organisation: { id: string } }
}

async function world(): Promise<World> {
  const h = await makeHarness({ now: new Date('2026-12-03T10:00:00.000Z') })
  const admin = await setupOrg(h)
  const shopper = await addUser(h, admin, 'shopper', 'sam@acme.example')
  const other = await addUser(h, admin, 'shopper', 'olive@acme.example')
  const a = await me(admin)
  const fixture = await insertPublishedTemplate(h.deps.database.db, a.organisation.id, a.user.id)
  return { h, admin, shopper, other, orgId: a.organisation.id, shopperId: (await me(shopper)).user.id, otherId: (await me(other)).user.id, fixture }
}

const FULL = { greeted: { value: true }, tidy: { value: 4 }, queue_time: { value: 120 }, narrative: { value: 'Quick and friendly.' } }
const VISIT = { visitStartedAt: '2026-12-03T09:00:00.000Z', visitEndedAt: '2026-12-03T09:20:00.000Z' }

async function events(h: Harness, assignmentId: string) {
  return h.deps.database.db.selectFrom('assignment_event').select(['kind', 'from_status', 'to_status', 'user_id']).where('assignment_id', '=', assignmentId).orderBy('at').orderBy('id').execute()
}

describe('the shopper fills an audit', () => {
  let w: World
  let id: string
  beforeAll(async () => {
    w = await world()
    id = await insertAssignment(w.h.deps.database.db, w.orgId, w.fixture, w.shopperId)
  })

  it('lists only their own assignments, with the location address', async () => {
    await insertAssignment(w.h.deps.database.db, w.orgId, w.fixture, w.otherId)
    const r = await w.shopper.get('/api/shopper/assignments')
    expect(r.status).toBe(200)
    expect(r.body.assignments.map((a: { id: string }) => a.id)).toEqual([id])
    expect(r.body.assignments[0]).toMatchObject({ status: 'assigned', locationName: 'Leeds Briggate', locationAddress: '1 Briggate, Leeds', templateTitle: 'Branch visit', version: 1, overdue: false, shopperId: w.shopperId })
  })

  it('accepts, and a second accept is a 409 that changes nothing', async () => {
    const r = await w.shopper.post(`/api/shopper/assignments/${id}/accept`)
    expect(r.status).toBe(200)
    expect(r.body.assignment.status).toBe('accepted')
    const again = await w.shopper.post(`/api/shopper/assignments/${id}/accept`)
    expect(again.status).toBe(409)
    expect((await events(w.h, id)).filter((e) => e.to_status === 'accepted')).toHaveLength(1)
  })

  it('saves a draft: the revision goes up and the first save starts the audit', async () => {
    w.h.setNow(new Date('2026-12-03T10:01:00.000Z'))
    const first = await w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { greeted: { value: true } }, revision: 0, visitStartedAt: VISIT.visitStartedAt })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ revision: 1, status: 'in_progress' })
    const second = await w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { greeted: { value: true }, tidy: { value: 2 } }, revision: 1 })
    expect(second.body).toMatchObject({ revision: 2, status: 'in_progress' })

    const detail = await w.shopper.get(`/api/shopper/assignments/${id}`)
    expect(detail.status).toBe(200)
    expect(detail.body.assignment).toMatchObject({ revision: 2, status: 'in_progress', answers: { greeted: { value: true }, tidy: { value: 2 } }, visitStartedAt: VISIT.visitStartedAt })
    expect(detail.body.definition.sections[0].items.map((i: { id: string }) => i.id)).toEqual(['greeted', 'tidy', 'queue_time', 'narrative', 'receipt'])
    // Greeted 1/1 and tidy 2/5: 3/6.
    expect(detail.body.assignment.scorePercent).toBeCloseTo(50)
    expect((await events(w.h, id)).map((e) => e.to_status)).toEqual(['accepted', 'in_progress'])
  })

  it('refuses a stale revision with 409 conflict naming the current one, and keeps the saved answers', async () => {
    const r = await w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { greeted: { value: false } }, revision: 1 })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('conflict')
    expect(r.body.error.message).toMatch(/another device/)
    expect(r.body.error.message).toContain('revision 2')
    expect(r.body.error.issues).toEqual([{ path: 'body.revision', message: expect.stringContaining('2') }])
    const detail = await w.shopper.get(`/api/shopper/assignments/${id}`)
    expect(detail.body.assignment).toMatchObject({ revision: 2, answers: { greeted: { value: true }, tidy: { value: 2 } } })
  })

  it('two saves racing from the same revision: exactly one wins', async () => {
    const [a, b] = await Promise.all([
      w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { greeted: { value: true }, tidy: { value: 3 } }, revision: 2 }),
      w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { greeted: { value: true }, tidy: { value: 5 } }, revision: 2 }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const detail = await w.shopper.get(`/api/shopper/assignments/${id}`)
    expect(detail.body.assignment.revision).toBe(3)
    expect(detail.body.assignment.answers.tidy.value).toBe((a.status === 200 ? 3 : 5))
  })

  it('refuses answers that do not fit the template, naming the item', async () => {
    const bad = await w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { tidy: { value: 9 }, nowhere: { value: 1 } }, revision: 3 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.answers.nowhere', 'body.answers.tidy'])
    const photo = await w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { receipt: { photoIds: ['01JZZZZZZZZZZZZZZZZZZZZZZZ'] } }, revision: 3 })
    expect(photo.status).toBe(400)
    expect(photo.body.error.issues[0].path).toBe('body.answers.receipt.photoIds')
    const backwards = await w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: {}, revision: 3, visitStartedAt: VISIT.visitEndedAt, visitEndedAt: VISIT.visitStartedAt })
    expect(backwards.status).toBe(400)
    expect(backwards.body.error.issues[0].path).toBe('body.visitEndedAt')
    expect((await w.shopper.get(`/api/shopper/assignments/${id}`)).body.assignment.revision).toBe(3)
  })

  it('refuses a submit with a required item missing, naming it', async () => {
    const r = await w.shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: { greeted: { value: true } }, revision: 3, ...VISIT })
    expect(r.status).toBe(400)
    expect(r.body.error.issues).toEqual([{ path: 'body.answers.queue_time', message: 'is required' }])
    expect(r.body.error.message).toContain('queue_time')
    const noTimes = await w.shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: FULL, revision: 3 })
    expect(noTimes.status).toBe(400)
    expect(noTimes.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.visitEndedAt', 'body.visitStartedAt'])
    expect((await w.shopper.get(`/api/shopper/assignments/${id}`)).body.assignment.status).toBe('in_progress')
  })

  it('submits; the same submit retried answers 200 with the stored state and one submitted event', async () => {
    w.h.setNow(new Date('2026-12-03T10:02:00.000Z'))
    const r = await w.shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: FULL, revision: 3, ...VISIT })
    expect(r.status).toBe(200)
    expect(r.body.assignment).toMatchObject({ status: 'submitted', revision: 4, submittedAt: '2026-12-03T10:02:00.000Z', ...VISIT })
    // Greeted 1/1, tidy 4/5, queue 120 s within 300 s 1/1: 6/7.
    expect(r.body.assignment.scorePercent).toBeCloseTo((6 / 7) * 100)
    expect(r.body.assignment.outcome).toBe('pass')

    const retry = await w.shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: { narrative: { value: 'Quick and friendly.' }, queue_time: { value: 120 }, tidy: { value: 4 }, greeted: { value: true } }, revision: 3, ...VISIT })
    expect(retry.status).toBe(200)
    expect(retry.body.assignment).toMatchObject({ status: 'submitted', revision: 4 })
    expect((await events(w.h, id)).filter((e) => e.to_status === 'submitted')).toHaveLength(1)

    // A different submit from the old revision is not a retry.
    const changed = await w.shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: { ...FULL, tidy: { value: 1 } }, revision: 3, ...VISIT })
    expect(changed.status).toBe(409)
  })

  it('cannot change a submitted audit', async () => {
    const draft = await w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: FULL, revision: 4 })
    expect(draft.status).toBe(409)
    const submit = await w.shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: FULL, revision: 4, ...VISIT })
    expect(submit.status).toBe(409)
    expect((await w.shopper.get(`/api/shopper/assignments/${id}`)).body.assignment.revision).toBe(4)
  })

  it('sees the reviewer’s comments on a return, fixes and resubmits', async () => {
    const db = w.h.deps.database.db
    w.h.setNow(new Date('2026-12-03T10:03:00.000Z'))
    const reviewer = await addUser(w.h, w.admin, 'reviewer', 'rita@acme.example')
    const reviewerId = (await me(reviewer)).user.id
    const returned = await reviewer.post(`/api/assignments/${id}/return`, { comment: 'Please add the queue time from your notes.' })
    if (returned.status === 404 && returned.body?.error?.message?.startsWith('No route')) {
      // Without the review routes: the return as a reviewer's move writes it.
      const at = '2026-12-03T10:03:00.000Z'
      await db.updateTable('assignment').set({ status: 'returned', reviewed_at: at, reviewed_by: reviewerId }).where('id', '=', id).execute()
      await db
        .insertInto('assignment_event')
        .values({ id: newId(), org_id: w.orgId, assignment_id: id, at, user_id: reviewerId, kind: 'status', from_status: 'submitted', to_status: 'returned', item_id: null, old_value: null, new_value: null, message: 'Please add the queue time from your notes.' })
        .execute()
    } else expect(returned.status).toBe(200)

    const detail = await w.shopper.get(`/api/shopper/assignments/${id}`)
    expect(detail.body.assignment.status).toBe('returned')
    expect(detail.body.comments).toEqual([{ at: expect.any(String), userName: 'reviewer user', message: 'Please add the queue time from your notes.', toStatus: 'returned' }])

    const revision = detail.body.assignment.revision
    w.h.setNow(new Date('2026-12-03T10:04:00.000Z'))
    const saved = await w.shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { ...FULL, queue_time: { value: 200 } }, revision })
    expect(saved.body).toMatchObject({ status: 'returned', revision: revision + 1 })
    const resubmitted = await w.shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: { ...FULL, queue_time: { value: 200 } }, revision: revision + 1, ...VISIT })
    expect(resubmitted.status).toBe(200)
    expect(resubmitted.body.assignment).toMatchObject({ status: 'resubmitted', answers: { queue_time: { value: 200 } } })
    expect((await events(w.h, id)).map((e) => e.to_status)).toEqual(['accepted', 'in_progress', 'submitted', 'returned', 'resubmitted'])
  })
})

describe('the shopper routes are the shopper’s own', () => {
  let w: World
  let id: string
  beforeAll(async () => {
    w = await world()
    id = await insertAssignment(w.h.deps.database.db, w.orgId, w.fixture, w.shopperId, { status: 'in_progress' })
  })

  it('another shopper gets 404 on every route for the assignment, and nothing changes', async () => {
    const base = `/api/shopper/assignments/${id}`
    const tries = [
      await w.other.get(base),
      await w.other.post(`${base}/accept`),
      await w.other.put(`${base}/draft`, { answers: {}, revision: 0 }),
      await w.other.post(`${base}/submit`, { answers: {}, revision: 0, ...VISIT }),
      await w.other.req('POST', `${base}/photos`, { itemId: 'receipt' }),
      await w.other.del(`${base}/photos/01JZZZZZZZZZZZZZZZZZZZZZZZ`),
    ]
    expect(tries.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404])
    expect((await w.other.get('/api/shopper/assignments')).body.assignments).toEqual([])
    const row = await w.h.deps.database.db.selectFrom('assignment').select(['status', 'revision']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'in_progress', revision: 0 })
  })

  it('managers, analysts and reviewers get 403 on the shopper routes', async () => {
    const manager = await addUser(w.h, w.admin, 'manager', 'mo@acme.example')
    const analyst = await addUser(w.h, w.admin, 'analyst', 'ann@acme.example')
    for (const c of [w.admin, manager, analyst]) {
      expect((await c.get('/api/shopper/assignments')).status).toBe(403)
      expect((await c.get(`/api/shopper/assignments/${id}`)).status).toBe(403)
      expect((await c.put(`/api/shopper/assignments/${id}/draft`, { answers: {}, revision: 0 })).status).toBe(403)
    }
  })

  it('needs a session', async () => {
    const anon = new Client(w.h)
    expect((await anon.get('/api/shopper/assignments')).status).toBe(401)
    expect((await anon.post(`/api/shopper/assignments/${id}/accept`)).status).toBe(401)
  })

  it('marks an assignment overdue while it is still with the shopper', async () => {
    const late = await insertAssignment(w.h.deps.database.db, w.orgId, w.fixture, w.shopperId, { dueAt: '2026-12-01T17:00:00.000Z' })
    const list = (await w.shopper.get('/api/shopper/assignments')).body.assignments as { id: string; overdue: boolean }[]
    expect(list.map((a) => a.id)).toEqual([late, id])
    expect(list.map((a) => a.overdue)).toEqual([true, false])
  })
})
