import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { openD1Database } from '../../server/db/d1.ts'
import entry from '../../server/entry.worker.ts'
import { Client } from '../helpers/client.ts'
import { tag, TAGGER_VERSION } from '../../shared/sentiment/index.ts'

// Comments on Workers: a response's comment tagged in its D1 batch, listed, corrected, exported,
// and re-tagged by the worker's scheduled handler (the cron trigger) with the correction kept.

const worker = (request: Request) => exports.default.fetch(request)
const PASSWORD = 'correct-horse-battery'
const COMPLAINT = 'Waited 25 minutes at the till, target is 5. Staff were rude.'

describe('comments on Workers', () => {
  it('a submitted comment is tagged in its batch, listed, corrected, exported and kept through a scheduled re-tag', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/setup', { organisationName: 'Acme Services', name: 'Ada Admin', email: 'admin@acme.example', password: PASSWORD })).status).toBe(201)
    const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
    const surveyId = (await admin.post('/api/surveys', { title: 'After your visit' })).body.survey.id
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
    const token = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Receipt', locationId: location.id })).body.collector.token

    const customer = new Client(worker)
    const versionId = (await customer.get(`/api/public/s/${token}`)).body.versionId
    const texts = [COMPLAINT, 'Lovely friendly staff, thank you', 'Ok']
    for (const [i, comment] of texts.entries()) {
      const r = await customer.post(`/api/public/s/${token}/responses`, { clientId: `worker-comment-${i}`, versionId, answers: { nps: 5, csat: 3, comment } })
      expect(r.status).toBe(201)
    }

    const listed = await admin.get('/api/comments?label=negative')
    expect(listed.status).toBe(200)
    expect(listed.body.total).toBe(1)
    const complaint = listed.body.comments[0]
    expect(complaint).toMatchObject({ text: COMPLAINT, label: 'negative', themes: tag(COMPLAINT).themes, locationName: 'Leeds', formTitle: 'After your visit', tagger: { version: TAGGER_VERSION } })
    expect(complaint.themes).toContain('wait_time')
    expect(complaint.evidence.length).toBeGreaterThan(0)
    expect((await admin.get(`/api/comments?theme=wait_time&locationId=${location.id}`)).body.total).toBe(1)
    expect((await admin.get('/api/comments/themes')).body.themes.find((t: any) => t.theme === 'wait_time')).toMatchObject({ count: 1, negative: 1 })

    const corrected = await admin.patch(`/api/comments/${complaint.id}`, { label: 'mixed', themes: ['wait_time', 'staff_attitude', 'price_value'] })
    expect(corrected.status).toBe(200)
    expect(corrected.body.comment).toMatchObject({ label: 'mixed', themes: ['wait_time', 'staff_attitude', 'price_value'], corrected: { by: 'Ada Admin' } })

    const exported = await worker(new Request('https://yardstick.example/api/comments/corrections.jsonl', { headers: { cookie: admin.cookie } }))
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    const lines = (await exported.text()).trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(lines).toEqual([{ text: COMPLAINT, label: 'mixed', themes: ['wait_time', 'staff_attitude', 'price_value'] }])

    // An older tagger's tags: the cron trigger re-tags them, a few batches a run, correction kept.
    const { db } = openD1Database(env.DB)
    await db.updateTable('comment').set({ tagger_version: '2025.01.0', label: 'positive', themes: 0 }).execute()
    await db.updateTable('comment').set({ final_label: 'positive', final_themes: 0 }).where('corrected_label', 'is', null).execute()
    const waits: Promise<unknown>[] = []
    await entry.scheduled({}, env as never, { waitUntil: (p) => waits.push(p), passThroughOnException: () => {} })
    await Promise.all(waits)
    const progress = (await admin.get('/api/comments/retag')).body.progress
    expect(progress).toMatchObject({ status: 'done', total: 3, done: 3, target: TAGGER_VERSION })
    const rows = await db.selectFrom('comment').selectAll().execute()
    for (const r of rows) {
      expect(r.tagger_version).toBe(TAGGER_VERSION)
      expect(r.label).toBe(tag(r.text).label)
      expect(r.final_label).toBe(r.id === complaint.id ? 'mixed' : tag(r.text).label)
    }
    expect((await admin.get('/api/comments?label=negative')).body.total).toBe(0)
    expect((await admin.get('/api/comments?label=mixed')).body.comments.map((c: any) => c.id)).toEqual([complaint.id])
  })
})
