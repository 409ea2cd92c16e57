import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { openD1Database } from '../../server/db/d1.ts'
import { runCaseEscalation } from '../../server/domain/case-escalation.ts'
import { Client } from '../helpers/client.ts'

// Follow-up cases on Workers + D1: a detractor's response opens its case in the response's own D1
// batch, a manager works it, and the escalation job (the cron's) escalates an overdue complaint once.

const worker = (request: Request) => exports.default.fetch(request)

describe('cases on Workers', () => {
  it('opens a case with the response, resolves it, and escalates an overdue complaint once', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/setup', { organisationName: 'Acme Services', name: 'Ada Admin', email: 'admin@acme.example', password: 'correct-horse-battery' })).status).toBe(201)
    const location = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
    const surveyId = (await admin.post('/api/surveys', { title: 'After your visit' })).body.survey.id
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
    const token = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Receipt', locationId: location.id })).body.collector.token
    const customer = new Client(worker)
    const versionId = (await customer.get(`/api/public/s/${token}`)).body.versionId
    const r = await customer.post(`/api/public/s/${token}/responses`, { clientId: 'worker-case-1', versionId, answers: { nps: 2, csat: 4 } })
    expect(r.status).toBe(201)

    const queue = (await admin.get('/api/cases')).body.cases
    expect(queue).toEqual([expect.objectContaining({ trigger: 'nps_detractor', status: 'open', locationName: 'Leeds', title: 'NPS 2 at Leeds (After your visit)' })])
    const path = `/api/cases/${queue[0].id}`
    const resolved = await admin.patch(path, { status: 'resolved', rootCause: 'process', resolution: 'Called back and explained', firstContact: true })
    expect(resolved.status).toBe(200)
    expect((await admin.get(path)).body.events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'resolved'])

    const complaint = (await admin.post('/api/cases', { channel: 'phone', title: 'No call back', priority: 'urgent', receivedAt: '2026-01-05T09:00:00Z' })).body.case
    const database = openD1Database(env.DB)
    expect(await runCaseEscalation(database, new Date())).toBe(1)
    expect(await runCaseEscalation(database, new Date())).toBe(0)
    expect((await admin.get(`/api/cases/${complaint.id}`)).body.case).toMatchObject({ status: 'escalated', escalation_level: 1 })
  })
})
