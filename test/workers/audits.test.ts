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
})
