import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { openD1Database } from '../../server/db/d1.ts'
import { Client, ORIGIN } from '../helpers/client.ts'
import { insertAssignment, insertPublishedTemplate, JPEG_SMALL, photoForm, sendForm } from '../helpers/shopper-fixture.ts'

// A shopper's audit through the worker's own entry, over a local D1 and a local R2 bucket (PHOTOS).

const worker = (request: Request) => exports.default.fetch(request)
const PASSWORD = 'correct-horse-battery'

describe('a shopper’s audit on Workers', () => {
  it('draft, photo to R2, submit; the photo is served from R2 to the organisation only', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/setup', { organisationName: 'Acme Services', name: 'Ada Admin', email: 'admin@acme.example', password: PASSWORD })).status).toBe(201)
    const invite = await admin.post('/api/users/invitations', { email: 'sam@acme.example', role: 'shopper' })
    expect(invite.status).toBe(201)
    const shopper = new Client(worker)
    expect((await shopper.post(`/api/invitations/${String(invite.body.url).split('/invite/')[1]}/accept`, { name: 'Sam Shopper', password: PASSWORD })).status).toBe(201)
    const me = (await admin.get('/api/auth/me')).body
    const shopperId = (await shopper.get('/api/auth/me')).body.user.id

    const { db } = openD1Database(env.DB)
    const fixture = await insertPublishedTemplate(db, me.organisation.id, me.user.id)
    const id = await insertAssignment(db, me.organisation.id, fixture, shopperId)

    expect((await shopper.post(`/api/shopper/assignments/${id}/accept`)).body.assignment.status).toBe('accepted')
    const draft = await shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: { greeted: { value: true } }, revision: 0 })
    expect(draft.body).toMatchObject({ revision: 1, status: 'in_progress' })
    expect((await shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: {}, revision: 0 })).status).toBe(409)

    const upload = await sendForm(shopper, 'POST', `/api/shopper/assignments/${id}/photos`, photoForm('receipt', JPEG_SMALL, 'receipt.jpg', 'image/jpeg'))
    expect(upload.status).toBe(201)
    const photo = upload.body.photo
    expect(photo.contentType).toBe('image/jpeg')
    const refused = await sendForm(shopper, 'POST', `/api/shopper/assignments/${id}/photos`, photoForm('receipt', new TextEncoder().encode('not a photo'), 'receipt.jpg'))
    expect(refused.status).toBe(400)

    const row = await db.selectFrom('audit_photo').select('storage_key').where('id', '=', photo.id).executeTakeFirstOrThrow()
    const object = await env.PHOTOS.get(row.storage_key)
    expect(object).not.toBeNull()
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(JPEG_SMALL)

    const answers = { greeted: { value: true }, queue_time: { value: 90 }, receipt: { photoIds: [photo.id] } }
    const visit = { visitStartedAt: '2026-12-03T09:00:00Z', visitEndedAt: '2026-12-03T09:10:00Z' }
    const submitted = await shopper.post(`/api/shopper/assignments/${id}/submit`, { answers, revision: 1, ...visit })
    expect(submitted.status).toBe(200)
    expect(submitted.body.assignment).toMatchObject({ status: 'submitted', revision: 2, answers })
    const retry = await shopper.post(`/api/shopper/assignments/${id}/submit`, { answers, revision: 1, ...visit })
    expect(retry.status).toBe(200)
    const submittedEvents = await db.selectFrom('assignment_event').select('id').where('assignment_id', '=', id).where('to_status', '=', 'submitted').execute()
    expect(submittedEvents).toHaveLength(1)

    const served = await worker(new Request(new URL(photo.url, ORIGIN), { headers: { cookie: admin.cookie } }))
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('cache-control')).toBe('private, max-age=3600')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(JPEG_SMALL)
    const own = await worker(new Request(new URL(photo.url, ORIGIN), { headers: { cookie: shopper.cookie } }))
    expect(own.status).toBe(200)
    await own.arrayBuffer()

    expect((await new Client(worker).get(photo.url)).status).toBe(401)
    const otherShopperInvite = await admin.post('/api/users/invitations', { email: 'olive@acme.example', role: 'shopper' })
    const otherShopper = new Client(worker)
    await otherShopper.post(`/api/invitations/${String(otherShopperInvite.body.url).split('/invite/')[1]}/accept`, { name: 'Olive Other', password: PASSWORD })
    expect((await otherShopper.get(photo.url)).status).toBe(404)
    expect((await otherShopper.get(`/api/shopper/assignments/${id}`)).status).toBe(404)
  })

  it('design, wave, review and results on D1: approval writes the standard results in its batch, an upheld dispute removes them', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/auth/login', { email: 'admin@acme.example', password: PASSWORD })).status).toBe(200)
    const shopper = new Client(worker)
    expect((await shopper.post('/api/auth/login', { email: 'sam@acme.example', password: PASSWORD })).status).toBe(200)
    const shopperId = (await shopper.get('/api/auth/me')).body.user.id
    const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
    const standard = (await admin.post('/api/standards', { code: 'GRT-01', title: 'Greet within 30 seconds', customerType: 'external', dimension: 'responsiveness', metric: 'audit_compliance', target: 90, tolerance: 5, direction: 'higher' })).body.standard

    const created = await admin.post('/api/audit-templates', { title: 'Branch visit' })
    expect(created.status).toBe(201)
    const templateId = created.body.template.id
    const definition = {
      title: 'Branch visit',
      sections: [
        {
          id: 'arrival',
          title: 'Arrival',
          items: [
            { id: 'greeted', type: 'yes_no', label: 'Greeted within 30 seconds', critical: true, standardIds: [standard.id] },
            { id: 'wait', type: 'timing', label: 'Time to be served', thresholdSeconds: 300, standardIds: [standard.id] },
            { id: 'story', type: 'text', label: 'What happened', required: false },
          ],
        },
      ],
    }
    expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition })).status).toBe(200)
    expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)

    const today = new Date().toISOString().slice(0, 10)
    const wave = await admin.post('/api/waves', { name: 'December wave', templateId, visitFrom: today, visitTo: today, dueAt: today, instructions: 'Buy a coffee', visits: [{ locationId: location.id, shopperId }] })
    expect(wave.status).toBe(201)
    const id = wave.body.assignments[0].id

    expect((await shopper.post(`/api/shopper/assignments/${id}/accept`)).status).toBe(200)
    const visit = { visitStartedAt: new Date(Date.now() - 600_000).toISOString(), visitEndedAt: new Date().toISOString() }
    const first = { greeted: { value: false }, wait: { value: 95 } }
    expect((await shopper.put(`/api/shopper/assignments/${id}/draft`, { answers: first, revision: 0 })).status).toBe(200)
    const incomplete = await shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: { wait: { value: 95 } }, revision: 1, ...visit })
    expect(incomplete.status).toBe(400)
    expect(JSON.stringify(incomplete.body.error.issues)).toContain('greeted')
    expect((await shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: first, revision: 1, ...visit })).body.assignment.status).toBe('submitted')
    expect((await admin.post(`/api/assignments/${id}/return`, { comment: 'Were you really not greeted? Check your notes.' })).body.assignment.status).toBe('returned')
    const second = { greeted: { value: true }, wait: { value: 95 }, story: { value: 'Greeted at the door by Priya.' } }
    const resubmitted = await shopper.post(`/api/shopper/assignments/${id}/submit`, { answers: second, revision: 2, ...visit })
    expect(resubmitted.body.assignment.status).toBe('resubmitted')

    const before = (await admin.get('/api/audit-results')).body
    expect(before.standards.find((s: any) => s.standardId === standard.id)?.applicable ?? 0).toBe(0)
    expect((await admin.post(`/api/assignments/${id}/approve`, {})).body.assignment).toMatchObject({ status: 'approved', scorePercent: 100, outcome: 'pass' })
    const after = (await admin.get('/api/audit-results')).body
    expect(after.standards.find((s: any) => s.standardId === standard.id)).toMatchObject({ applicable: 2, passed: 2, compliance: 100, visits: 1, status: 'insufficient' })
    expect(after.locations.find((l: any) => l.locationId === location.id)).toMatchObject({ visits: 1, meanPercent: 100 })

    const dispute = await admin.post(`/api/assignments/${id}/disputes`, { reason: 'The branch was closed for a fire drill that morning' })
    expect(dispute.status).toBe(201)
    expect((await admin.post(`/api/assignments/${id}/disputes/${dispute.body.dispute.id}/resolve`, { outcome: 'upheld', resolution: 'Confirmed' })).status).toBe(200)
    const withdrawn = (await admin.get('/api/audit-results')).body
    expect(withdrawn.standards.find((s: any) => s.standardId === standard.id)?.applicable ?? 0).toBe(0)
    const detail = (await admin.get(`/api/assignments/${id}`)).body
    expect(detail.assignment.status).toBe('rejected')
    expect(detail.events.filter((e: any) => e.kind === 'status').map((e: any) => e.toStatus)).toEqual(['accepted', 'in_progress', 'submitted', 'returned', 'resubmitted', 'approved', 'rejected'])
  })
})
