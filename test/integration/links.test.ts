import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { Client, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { LINK_STATES } from '../../shared/distribution.ts'
import { newId, newToken } from '../../shared/ids.ts'
import { insertSurveyInvitation } from '../../server/db/repositories/links.ts'
import { PUBLIC_LIMITS } from '../../server/middleware/rate-limit.ts'

const T0 = new Date('2026-11-24T10:00:00Z')

async function publishedSurvey(h: Harness) {
  const admin = await setupOrg(h)
  const created = (await admin.post('/api/surveys', { title: 'Post-visit' })).body
  expect((await admin.post(`/api/surveys/${created.survey.id}/publish`)).status).toBe(200)
  const surveyId = created.survey.id as string
  const anon = new Client(h)
  const link = async (settings: Record<string, unknown> = {}) => {
    const r = await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Receipt', ...settings })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.collector
  }
  const first = await link()
  const versionId = (await anon.get(`/api/public/s/${first.token}`)).body.versionId as string
  return { admin, surveyId, versionId, link, anon }
}

let n = 0
const cid = () => `client-${Date.now()}-${n++}`

function submitter(h: Harness, versionId: string) {
  const anon = new Client(h)
  return (token: string, headers: Record<string, string> = {}, clientId = cid()) =>
    anon.req('POST', `/api/public/s/${token}/responses`, { clientId, versionId, answers: { nps: 9, csat: 5, comment: 'Quick and friendly' } }, headers)
}

async function counts(h: Harness) {
  const db = h.deps.database.db
  const one = async (q: any) => Number((await sql<{ n: number }>`${q}`.execute(db)).rows[0]!.n)
  return {
    responses: await one(sql`select count(*) as n from response`),
    answers: await one(sql`select count(*) as n from answer`),
    rollup: await one(sql`select coalesce(sum(count), 0) as n from answer_daily`),
    completes: await one(sql`select coalesce(sum(count), 0) as n from link_event_daily where event = 'complete'`),
  }
}

describe('links: settings and state for the manager', () => {
  it('creates a link with every setting, lists it with its state, and patches it', async () => {
    const h = await makeHarness({ now: T0 })
    const { admin, surveyId, link } = await publishedSurvey(h)
    const col = await link({ label: 'Table QR', channel: 'qr', opensAt: '2026-12-01T00:00:00Z', closesAt: '2027-01-01T00:00:00Z', responseCap: 5, onePerDevice: true, thankYou: 'Merci', redirectUrl: 'https://example.com/thanks' })
    expect(col).toMatchObject({ label: 'Table QR', kind: 'link', channel: 'qr', status: 'open', state: 'scheduled', responseCap: 5, responses: 0, onePerDevice: true, kiosk: false, identified: false, thankYou: 'Merci', redirectUrl: 'https://example.com/thanks' })
    expect(col.url).toBe(`http://localhost/s/${col.token}`)
    // 128 random bits, base64url.
    expect(col.token).toMatch(/^[A-Za-z0-9_-]{22}$/)

    const listed = (await admin.get(`/api/surveys/${surveyId}/collectors`)).body.collectors
    expect(listed.map((c: any) => [c.label, c.state])).toEqual([
      ['Receipt', 'open'],
      ['Table QR', 'scheduled'],
    ])
    const patched = await admin.patch(`/api/surveys/${surveyId}/collectors/${col.id}`, { opensAt: null, status: 'paused', kiosk: true })
    expect(patched.status).toBe(200)
    expect(patched.body.collector).toMatchObject({ id: col.id, state: 'paused', status: 'paused', kiosk: true, opensAt: null, closesAt: '2027-01-01T00:00:00Z' })
    // Dates are checked against the stored ones too.
    const bad = await admin.patch(`/api/surveys/${surveyId}/collectors/${col.id}`, { opensAt: '2027-02-01T00:00:00Z' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues[0].path).toBe('body.closesAt')
    expect((await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'X', redirectUrl: 'http://example.com' })).status).toBe(400)
  })

  it('a cap lowered below the responses stored makes the link full', async () => {
    const h = await makeHarness({ now: T0 })
    const { admin, surveyId, versionId, link } = await publishedSurvey(h)
    const col = await link()
    const submit = submitter(h, versionId)
    for (let i = 0; i < 3; i++) expect((await submit(col.token)).status).toBe(201)
    const r = await admin.patch(`/api/surveys/${surveyId}/collectors/${col.id}`, { responseCap: 2 })
    expect(r.body.collector).toMatchObject({ state: 'full', responses: 3, responseCap: 2 })
    expect((await submit(col.token)).status).toBe(409)
  })
})

describe('links: what customers get', () => {
  it('closed, paused, expired, scheduled, full and unknown links give their state and status', async () => {
    const h = await makeHarness({ now: T0 })
    const { admin, surveyId, versionId, link, anon } = await publishedSurvey(h)
    const submit = submitter(h, versionId)
    const full = await link({ responseCap: 1 })
    expect((await submit(full.token)).status).toBe(201)
    const cases: [string, any][] = [
      ['closed', await link()],
      ['paused', await link()],
      ['expired', await link({ opensAt: '2026-10-01T00:00:00Z', closesAt: '2026-11-01T00:00:00Z' })],
      ['scheduled', await link({ opensAt: '2026-12-01T00:00:00Z' })],
      ['full', full],
    ]
    await admin.patch(`/api/surveys/${surveyId}/collectors/${cases[0]![1].id}`, { status: 'closed' })
    await admin.patch(`/api/surveys/${surveyId}/collectors/${cases[1]![1].id}`, { status: 'paused' })
    for (const [state, col] of cases) {
      const page = await anon.get(`/api/public/s/${col.token}`)
      expect({ state, status: page.status, body: page.body }).toEqual({ state, status: 200, body: { state, organisation: 'Acme Services', message: LINK_STATES[state as 'closed'].message } })
      const r = await submit(col.token)
      expect({ state, status: r.status, code: r.body.error.code, message: r.body.error.message }).toEqual({
        state,
        status: LINK_STATES[state as 'closed'].status,
        code: LINK_STATES[state as 'closed'].status === 410 ? 'gone' : 'conflict',
        message: LINK_STATES[state as 'closed'].message,
      })
      expect(r.body.error.requestId).toBeTruthy()
    }
    const states = (await admin.get(`/api/surveys/${surveyId}/collectors`)).body.collectors.map((c: any) => c.state)
    expect(states).toEqual(['open', 'full', 'closed', 'paused', 'expired', 'scheduled'])
    expect((await anon.get(`/api/public/s/${newToken(16)}`)).status).toBe(404)
    expect((await submit(newToken(16))).status).toBe(404)
    // Dates move with the clock: the scheduled link opens.
    h.setNow(new Date('2026-12-02T00:00:00Z'))
    expect((await submit(cases[3]![1].token)).status).toBe(201)
    expect((await counts(h)).responses).toBe(2)
  })

  it('an open link’s page carries its kiosk, thank-you and redirect settings', async () => {
    const h = await makeHarness({ now: T0 })
    const { link, anon } = await publishedSurvey(h)
    const col = await link({ kiosk: true, thankYou: 'Thanks, see you soon', redirectUrl: 'https://example.com/' })
    const page = await anon.get(`/api/public/s/${col.token}`)
    expect(page.body.state).toBe('open')
    expect(page.body.link).toEqual({ kiosk: true, thankYou: 'Thanks, see you soon', redirectUrl: 'https://example.com/', identified: false })
  })

  it(`a cap of 10 holds under 50 concurrent submissions: 10 stored, 40 refused with the 'full' message, nothing else written`, async () => {
    const h = await makeHarness({ now: T0 })
    const { admin, surveyId, versionId, link } = await publishedSurvey(h)
    const col = await link({ responseCap: 10 })
    const submit = submitter(h, versionId)
    const results = await Promise.all(Array.from({ length: 50 }, () => submit(col.token)))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(10)
    expect(statuses.filter((s) => s === 409)).toHaveLength(40)
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.error.message).toBe(LINK_STATES.full.message)
    const stored = await h.deps.database.db.selectFrom('collector').select('response_count').where('id', '=', col.id).executeTakeFirstOrThrow()
    expect(stored.response_count).toBe(10)
    // Three answers per response (nps, csat, comment), two counted in the rollup, one completion each.
    expect(await counts(h)).toEqual({ responses: 10, answers: 30, rollup: 20, completes: 10 })
    expect((await admin.get(`/api/surveys/${surveyId}/collectors`)).body.collectors[1]).toMatchObject({ state: 'full', responses: 10 })
  })

  it('a retry of a stored response gets the first answer back on a full link', async () => {
    const h = await makeHarness({ now: T0 })
    const { versionId, link } = await publishedSurvey(h)
    const col = await link({ responseCap: 1 })
    const submit = submitter(h, versionId)
    const first = await submit(col.token, {}, 'client-retry-000001')
    expect(first.status).toBe(201)
    const again = await submit(col.token, {}, 'client-retry-000001')
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ id: first.body.id, duplicate: true })
    expect((await submit(col.token)).status).toBe(409)
  })
})

async function invitation(h: Harness, surveyId: string, admin: Client) {
  const list = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'March customers', kind: 'invitations', identified: true })).body.collector
  const orgId = (await h.deps.database.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id
  const row = { id: newId(), org_id: orgId, collector_id: list.id, token: newToken(16), line: 2, name: 'Ann', email: 'ann@example.com', phone: null, attributes: JSON.stringify({ tier: 'gold' }), created_at: T0.toISOString(), sent_at: null, opened_at: null, answered_at: null }
  await insertSurveyInvitation(h.deps.database.db, row).execute()
  return { list, invitation: row }
}

describe('single-use invitations', () => {
  it('one invitation under 50 concurrent submissions: exactly 1 stored, the rest 410', async () => {
    const h = await makeHarness({ now: T0 })
    const { admin, surveyId, versionId } = await publishedSurvey(h)
    const { list, invitation: inv } = await invitation(h, surveyId, admin)
    const submit = submitter(h, versionId)
    const results = await Promise.all(Array.from({ length: 50 }, () => submit(inv.token)))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 410)).toHaveLength(49)
    for (const r of results.filter((r) => r.status === 410)) expect(r.body.error.message).toBe(LINK_STATES.used.message)
    expect(await counts(h)).toEqual({ responses: 1, answers: 3, rollup: 2, completes: 1 })
    const db = h.deps.database.db
    const resp = await db.selectFrom('response').select(['invitation_id', 'collector_id']).executeTakeFirstOrThrow()
    expect(resp).toEqual({ invitation_id: inv.id, collector_id: list.id })
    const after = await db.selectFrom('survey_invitation').select(['answered_at']).where('id', '=', inv.id).executeTakeFirstOrThrow()
    expect(after.answered_at).toBe(T0.toISOString())
    expect((await db.selectFrom('collector').select('response_count').where('id', '=', list.id).executeTakeFirstOrThrow()).response_count).toBe(1)
  })

  it('an invitation’s page marks it opened, leaks no attributes, then reads as used; the list’s own token takes nothing', async () => {
    const h = await makeHarness({ now: T0 })
    const { admin, surveyId, versionId, anon } = await publishedSurvey(h)
    const { list, invitation: inv } = await invitation(h, surveyId, admin)
    const page = await anon.get(`/api/public/s/${inv.token}`)
    expect(page.body.state).toBe('open')
    expect(page.body.link.identified).toBe(true)
    expect(JSON.stringify(page.body)).not.toMatch(/gold|ann@example\.com|Ann/)
    const opened = await h.deps.database.db.selectFrom('survey_invitation').select('opened_at').where('id', '=', inv.id).executeTakeFirstOrThrow()
    expect(opened.opened_at).toBe(T0.toISOString())
    expect((await anon.get(`/api/public/s/${list.token}`)).status).toBe(404)
    expect((await submitter(h, versionId)(list.token)).status).toBe(404)
    expect((await submitter(h, versionId)(inv.token)).status).toBe(201)
    expect((await anon.get(`/api/public/s/${inv.token}`)).body).toMatchObject({ state: 'used', message: LINK_STATES.used.message })
  })
})

describe('one response per device', () => {
  it('refuses a second response from the same address and browser; another address answers; kiosk links ignore it', async () => {
    const h = await makeHarness({ now: T0 })
    const { versionId, link, anon } = await publishedSurvey(h)
    const col = await link({ onePerDevice: true })
    const submit = submitter(h, versionId)
    const here = { 'x-test-client': '198.51.100.7', 'user-agent': 'PhoneBrowser/1' }
    expect((await submit(col.token, here)).status).toBe(201)
    const second = await submit(col.token, here)
    expect(second.status).toBe(409)
    expect(second.body.error.message).toBe(LINK_STATES.answered_on_device.message)
    expect((await anon.req('GET', `/api/public/s/${col.token}`, undefined, here)).body.state).toBe('answered_on_device')
    // A spoofed forwarding header changes nothing: the address is the connection's.
    expect((await submit(col.token, { ...here, 'x-forwarded-for': '192.0.2.99' })).status).toBe(409)
    expect((await submit(col.token, { 'x-test-client': '198.51.100.8', 'user-agent': 'PhoneBrowser/1' })).status).toBe(201)

    const kiosk = await link({ onePerDevice: true, kiosk: true })
    expect((await submit(kiosk.token, here)).status).toBe(201)
    expect((await submit(kiosk.token, here)).status).toBe(201)

    const keys = await h.deps.database.db.selectFrom('response').select(['device_key', 'collector_id']).execute()
    const stored = keys.filter((k) => k.device_key !== null).map((k) => k.device_key!)
    expect(stored).toHaveLength(2)
    for (const k of stored) {
      expect(k).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(k).not.toContain('198.51.100')
    }
    expect(keys.filter((k) => k.collector_id === kiosk.id).every((k) => k.device_key === null)).toBe(true)
    const secret = await h.deps.database.db.selectFrom('instance_secret').selectAll().execute()
    expect(secret.map((s) => s.name)).toEqual(['device'])

    // The key rotates daily: tomorrow the same device is a new one (the rule is per day's key).
    h.setNow(new Date('2026-11-25T10:00:00Z'))
    expect((await submit(col.token, here)).status).toBe(201)
  })

  it('two concurrent submissions from one device store one', async () => {
    const h = await makeHarness({ now: T0 })
    const { versionId, link } = await publishedSurvey(h)
    const col = await link({ onePerDevice: true })
    const submit = submitter(h, versionId)
    const results = await Promise.all(Array.from({ length: 20 }, () => submit(col.token)))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.message === LINK_STATES.answered_on_device.message)).toBe(true)
    expect((await counts(h)).responses).toBe(1)
  })
})

describe('link statistics', () => {
  it('counts views, starts, completions and drop-off by question, per link and for the survey', async () => {
    const h = await makeHarness({ now: T0 })
    const { admin, surveyId, versionId, link, anon } = await publishedSurvey(h)
    const a = await link({ label: 'Till' })
    const b = await link({ label: 'Web' })
    const submit = submitter(h, versionId)
    const event = (token: string, body: unknown) => anon.post(`/api/public/s/${token}/events`, body)
    for (let i = 0; i < 4; i++) await anon.get(`/api/public/s/${a.token}`)
    await anon.get(`/api/public/s/${b.token}`)
    for (let i = 0; i < 3; i++) {
      expect((await event(a.token, { event: 'start' })).status).toBe(204)
      expect((await event(a.token, { event: 'reach', questionId: 'nps' })).status).toBe(204)
    }
    await event(a.token, { event: 'reach', questionId: 'csat' })
    await event(a.token, { event: 'reach', questionId: 'csat' })
    expect((await submit(a.token)).status).toBe(201)
    expect((await event(a.token, { event: 'reach', questionId: 'nope' })).status).toBe(400)
    expect((await event(a.token, { event: 'reach' })).status).toBe(400)
    expect((await event(a.token, { event: 'view' })).status).toBe(400)
    expect((await event(newToken(16), { event: 'start' })).status).toBe(404)

    const stats = await admin.get(`/api/surveys/${surveyId}/stats`)
    expect(stats.status).toBe(200)
    // The first link's page was opened once while setting up the survey.
    expect(stats.body.totals).toEqual({ views: 6, starts: 3, completions: 1, completionRate: 1 / 3 })
    expect(stats.body.links.map((l: any) => [l.label, l.views, l.starts, l.completions, l.completionRate])).toEqual([
      ['Receipt', 1, 0, 0, null],
      ['Till', 4, 3, 1, 1 / 3],
      ['Web', 1, 0, 0, null],
    ])
    expect(stats.body.dropOff.map((d: any) => [d.questionId, d.reached, d.share])).toEqual([
      ['nps', 3, 1],
      ['csat', 2, 2 / 3],
      ['comment', 0, 0],
    ])
    expect(stats.body.dropOff[0].text).toBeTruthy()

    const one = await admin.get(`/api/surveys/${surveyId}/stats?collectorId=${b.id}`)
    expect(one.body.totals).toEqual({ views: 1, starts: 0, completions: 0, completionRate: null })
    expect(one.body.links).toHaveLength(1)
    const before = await admin.get(`/api/surveys/${surveyId}/stats?to=2026-11-23`)
    expect(before.body.totals.views).toBe(0)
    expect((await admin.get(`/api/surveys/${surveyId}/stats?from=yesterday`)).status).toBe(400)
  })

  it('another organisation gets 404 for the stats and links of ours', async () => {
    const h = await makeHarness({ now: T0 })
    const { surveyId, link } = await publishedSurvey(h)
    const col = await link()
    const { createOrgDirect } = await import('../helpers/harness.ts')
    const other = await createOrgDirect(h, 'Other', 'admin@other.example')
    expect((await other.get(`/api/surveys/${surveyId}/stats`)).status).toBe(404)
    expect((await other.get(`/api/surveys/${surveyId}/collectors`)).status).toBe(404)
    expect((await other.patch(`/api/surveys/${surveyId}/collectors/${col.id}`, { status: 'closed' })).status).toBe(404)
  })
})

describe('rate limits on the public endpoints', () => {
  it(`refuses the ${PUBLIC_LIMITS.submit.perAddress + 1}th submission in a minute from one address with 429 and Retry-After; another address is unaffected; headers do not change the key`, async () => {
    const h = await makeHarness({ now: T0 })
    const { versionId, link } = await publishedSurvey(h)
    const col = await link()
    const anon = new Client(h)
    // Invalid bodies cost no writes, and the limit counts requests, not stored responses.
    const send = (headers: Record<string, string>) => anon.req('POST', `/api/public/s/${col.token}/responses`, { clientId: cid(), versionId, answers: {} }, headers)
    const busy = { 'x-test-client': '198.51.100.20' }
    for (let i = 0; i < PUBLIC_LIMITS.submit.perAddress; i++) expect((await send(busy)).status).toBe(400)
    const refused = await send(busy)
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('rate_limited')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    // Forwarding headers are not the client's key.
    expect((await send({ ...busy, 'x-forwarded-for': '192.0.2.1', 'x-real-ip': '192.0.2.1', 'cf-connecting-ip': '192.0.2.1' })).status).toBe(429)
    expect((await send({ 'x-test-client': '198.51.100.21' })).status).toBe(400)
    // Views have their own, larger budget.
    expect((await anon.req('GET', `/api/public/s/${col.token}`, undefined, busy)).status).toBe(200)
    // Tokens come back with time: one a half second at 120 a minute.
    h.setNow(new Date(T0.getTime() + 1000))
    expect((await send(busy)).status).toBe(400)
    expect((await send(busy)).status).toBe(400)
    expect((await send(busy)).status).toBe(429)
  })

  it(`views: ${PUBLIC_LIMITS.view.perAddress} a minute per address`, async () => {
    const h = await makeHarness({ now: T0 })
    const { link } = await publishedSurvey(h)
    const col = await link()
    const anon = new Client(h)
    const view = (ip: string) => anon.req('GET', `/api/public/s/${col.token}`, undefined, { 'x-test-client': ip })
    let ok = 0
    while ((await view('198.51.100.30')).status === 200) ok++
    expect(ok).toBe(PUBLIC_LIMITS.view.perAddress)
    expect((await view('198.51.100.31')).status).toBe(200)
  })

  it(`per link: ${PUBLIC_LIMITS.submit.perLink} submissions a minute whatever the addresses`, async () => {
    const h = await makeHarness({ now: T0 })
    const { versionId, link } = await publishedSurvey(h)
    const col = await link()
    const other = await link()
    const anon = new Client(h)
    const send = (token: string, i: number) => anon.req('POST', `/api/public/s/${token}/responses`, { clientId: cid(), versionId, answers: {} }, { 'x-test-client': `10.0.${i >> 8}.${i & 255}` })
    let accepted = 0
    for (let i = 0; i < PUBLIC_LIMITS.submit.perLink + 1; i++) if ((await send(col.token, i)).status !== 429) accepted++
    expect(accepted).toBe(PUBLIC_LIMITS.submit.perLink)
    expect((await send(other.token, 1)).status).toBe(400)
  })
})
