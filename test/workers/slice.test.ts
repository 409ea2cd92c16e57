import { env, exports } from 'cloudflare:workers'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateToLatest, migrationsCurrent } from '../../server/db/database.ts'
import { openD1Database } from '../../server/db/d1.ts'
import { migrations } from '../../server/db/migrations/index.ts'
import * as entry from '../../server/entry.worker.ts'
import { Client, ORIGIN } from '../helpers/client.ts'
import { everyType } from '../helpers/surveys.ts'

// Runs inside workerd against a local D1, through the worker's own entry (server/entry.worker.ts).
// The tests in this file share one database and run in order.

const worker = (request: Request) => exports.default.fetch(request)

describe('the worker entry', () => {
  it('exports only its handler (workerd refuses any other value export from the main module)', () => {
    expect(Object.keys(entry)).toEqual(['default'])
  })
})

describe('migrations on D1', () => {
  it('apply through the Kysely Migrator, then are current, and a second run is a no-op', async () => {
    const app = openD1Database(env.DB)
    expect(await migrationsCurrent(app)).toBe(false)

    const first = await migrateToLatest(app)
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(Object.keys(migrations).map((name) => [name, 'Success']))
    expect(await migrationsCurrent(app)).toBe(true)

    const again = await migrateToLatest(app)
    expect(again.error).toBeUndefined()
    expect(again.results).toEqual([])
    expect(await migrationsCurrent(app)).toBe(true)
  })

  it("are not confused by D1's internal _cf_* tables", async () => {
    const all = await env.DB.prepare(`select name from sqlite_master where type = 'table'`).all<{ name: string }>()
    const names = all.results.map((r) => r.name)
    expect(names.some((n) => n.startsWith('_cf_'))).toBe(true)

    const tables = (await openD1Database(env.DB).db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name)
    expect(tables).toContain('kysely_migration')
    expect(tables).toContain('organisation')
    expect(tables.filter((n) => n.startsWith('_cf_'))).toEqual([])
  })
})

describe('atomic writes on D1', () => {
  it('apply every statement of a batch and report the rows each changed', async () => {
    const { db, atomic } = openD1Database(env.DB)
    const at = new Date().toISOString()
    const changed = await atomic([
      db.insertInto('organisation').values({ id: 'atomic-ok-1', name: 'One', created_at: at }),
      db.insertInto('organisation').values({ id: 'atomic-ok-2', name: 'Two', created_at: at }),
      db.insertInto('organisation').values({ id: 'atomic-ok-1', name: 'Again', created_at: at }).onConflict((oc) => oc.doNothing()),
    ])
    expect(changed).toEqual([1, 1, 0])
    // Leave no organisation behind: first-run setup below needs an empty installation.
    expect(await atomic([db.deleteFrom('organisation').where('id', 'in', ['atomic-ok-1', 'atomic-ok-2'])])).toEqual([2])
  })

  it('are all-or-nothing: a failing second statement leaves the first unapplied', async () => {
    const { db, atomic } = openD1Database(env.DB)
    const at = new Date().toISOString()
    await expect(
      atomic([
        db.insertInto('organisation').values({ id: 'atomic-fail', name: 'First', created_at: at }),
        // The same primary key again: a constraint violation.
        db.insertInto('organisation').values({ id: 'atomic-fail', name: 'Second', created_at: at }),
      ]),
    ).rejects.toThrow(/UNIQUE constraint failed/)
    const row = await db.selectFrom('organisation').select('id').where('id', '=', 'atomic-fail').executeTakeFirst()
    expect(row).toBeUndefined()
  })
})

describe('the vertical slice through the worker', () => {
  it('setup, register, survey with linked standards, link, public response, dashboard', async () => {
    const admin = new Client(worker)
    const setup = await admin.post('/api/setup', { organisationName: 'Acme Services', name: 'Ada Admin', email: 'admin@acme.example', password: 'correct-horse-battery' })
    expect(setup.status).toBe(201)
    expect(admin.cookie).toMatch(/^__Host-ys_session=/)
    expect(admin.csrf).not.toBe('')

    const loc = await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })
    expect(loc.status).toBe(201)
    const csatStd = await admin.post('/api/standards', { code: 'CSAT-1', title: 'CSAT at least 85%', customerType: 'external', dimension: 'responsiveness', metric: 'csat', target: 85, tolerance: 5, direction: 'higher' })
    expect(csatStd.status).toBe(201)
    const npsStd = await admin.post('/api/standards', { code: 'NPS-1', title: 'NPS at least 40', customerType: 'external', dimension: 'assurance', metric: 'nps', target: 40, tolerance: 10, direction: 'higher' })
    expect(npsStd.status).toBe(201)

    const survey = await admin.post('/api/surveys', { title: 'Post-visit' })
    expect(survey.status).toBe(201)
    const surveyId = survey.body.survey.id
    const definition = survey.body.draft.definition
    for (const q of definition.pages[0].questions) {
      if (q.type === 'csat') q.standardIds = [csatStd.body.standard.id]
      if (q.type === 'nps') q.standardIds = [npsStd.body.standard.id]
    }
    expect((await admin.put(`/api/surveys/${surveyId}/draft`, { definition })).status).toBe(200)
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)

    const link = await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Receipt', locationId: loc.body.location.id })
    expect(link.status).toBe(201)
    const token: string = link.body.collector.token

    const customer = new Client(worker)
    const open = await customer.get(`/api/public/s/${token}`)
    expect(open.status).toBe(200)
    expect(open.body.state).toBe('open')

    const answer = { clientId: 'worker-client-0001', versionId: open.body.versionId, answers: { nps: 9, csat: 4, comment: 'Quick and friendly' } }
    const first = await customer.post(`/api/public/s/${token}/responses`, answer)
    expect(first.status).toBe(201)
    expect(first.body.duplicate).toBe(false)
    const retry = await customer.post(`/api/public/s/${token}/responses`, answer)
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual({ id: first.body.id, duplicate: true })

    const dash = await admin.get('/api/dashboard')
    expect(dash.status).toBe(200)
    expect(dash.body.headline.csat.n).toBe(1)
    expect(dash.body.headline.nps.n).toBe(1)
    const board = new Map<string, any>(dash.body.board.map((r: any) => [r.standard.code, r]))
    expect(board.get('CSAT-1').overall.n).toBe(1)
    expect(board.get('NPS-1').overall.n).toBe(1)

    // The retry stored nothing: one response, its answers, and rollup counts of 1.
    const { db } = openD1Database(env.DB)
    expect(await db.selectFrom('response').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 1 })
    expect(await db.selectFrom('answer').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 3 })
    const rollup = await sql<{ total: number }>`select sum(count) as total from answer_daily`.execute(db)
    expect(rollup.rows[0]?.total).toBe(2)

    const ready = await worker(new Request(`${ORIGIN}/readyz`))
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ok: true, database: 'ok', migrations: 'current' })
  })

  it('a survey of every question type: logic and versions checked in workerd against D1', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/auth/login', { email: 'admin@acme.example', password: 'correct-horse-battery' })).status).toBe(200)
    const survey = (await admin.post('/api/surveys', { title: 'Visit check', template: 'post_visit_csat' })).body.survey
    const saved = await admin.put(`/api/surveys/${survey.id}/draft`, { definition: everyType() })
    expect(saved.status).toBe(200)
    expect((await admin.post(`/api/surveys/${survey.id}/publish`)).status).toBe(200)
    const token: string = (await admin.post(`/api/surveys/${survey.id}/collectors`, { label: 'Kiosk' })).body.collector.token
    const customer = new Client(worker)
    const v1: string = (await customer.get(`/api/public/s/${token}`)).body.versionId
    const send = (answers: Record<string, unknown>, versionId = v1) => customer.post(`/api/public/s/${token}/responses`, { clientId: `worker-${crypto.randomUUID()}`, versionId, answers })

    // A hidden answer and a missing required-if-visible answer are refused, naming the questions.
    const bad = await send({ nps: 3, csat: 2, greeted: true })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues).toEqual([
      { path: 'body.answers.why_low', message: 'is required' },
      { path: 'body.answers.greeted', message: 'was answered but is hidden by the survey’s logic' },
    ])
    const ok = await send({ nps: 9, csat: 5, liked: { selected: ['staff'] }, visit: { selected: [], other: 'Parcel' }, contact: true, visited: '2026-02-03' })
    expect(ok.status).toBe(201)

    // A second version; an answer to the first is still accepted and keeps pointing at it.
    const edited = everyType()
    edited.pages[0].questions[1].text = 'How satisfied were you today?'
    expect((await admin.put(`/api/surveys/${survey.id}/draft`, { definition: edited })).status).toBe(201)
    expect((await admin.post(`/api/surveys/${survey.id}/publish`)).status).toBe(200)
    expect((await send({ nps: 10, csat: 5, contact: true })).status).toBe(201)
    const { db } = openD1Database(env.DB)
    const versions = await db.selectFrom('response').select('version_id').where('survey_id', '=', survey.id).execute()
    expect(versions.map((v) => v.version_id)).toEqual([v1, v1])
    const choice = await db.selectFrom('answer').select('value_text').where('question_id', '=', 'visit').executeTakeFirstOrThrow()
    expect(JSON.parse(choice.value_text!)).toEqual({ selected: [], other: 'Parcel' })
  })

  it('serves the probes from the worker', async () => {
    const health = await worker(new Request(`${ORIGIN}/healthz`))
    expect(await health.json()).toEqual({ ok: true })
  })

  it('draws a link\'s QR code as PNG in workerd: valid, the requested size, the same modules as the SVG', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/auth/login', { email: 'admin@acme.example', password: 'correct-horse-battery' })).status).toBe(200)
    const survey = (await admin.post('/api/surveys', { title: 'Table cards' })).body.survey
    const link = (await admin.post(`/api/surveys/${survey.id}/collectors`, { label: 'Table 4' })).body.collector
    const base = `${ORIGIN}/api/surveys/${survey.id}/collectors/${link.id}`
    const get = (url: string) => worker(new Request(url, { headers: { cookie: admin.cookie } }))

    const res = await get(`${base}/qr.png?size=600`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const png = new Uint8Array(await res.arrayBuffer())
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const view = new DataView(png.buffer, png.byteOffset)
    expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR')
    const width = view.getUint32(16)
    expect([width, view.getUint32(20), png[24], png[25]]).toEqual([600, 600, 1, 0]) // 600 px square, 1-bit grey
    // Inflate the image data with the platform's own zlib and read the pixels back.
    let at = 8
    const idat: Uint8Array[] = []
    while (at < png.length) {
      const length = view.getUint32(at)
      if (new TextDecoder().decode(png.subarray(at + 4, at + 8)) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length))
      at += 12 + length
    }
    const raw = new Uint8Array(await new Response(new Blob(idat).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer())
    const stride = 1 + Math.ceil(width / 8)
    expect(raw.length).toBe(stride * width)
    const dark = (x: number, y: number) => ((raw[y * stride + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1) === 0

    const svg = await (await get(`${base}/qr.svg`)).text()
    const side = Number(/viewBox="0 0 (\d+) /.exec(svg)![1])
    const modules = new Set<string>()
    for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) for (let i = 0; i < Number(w); i++) modules.add(`${Number(x) + i},${y}`)
    expect(modules.size).toBeGreaterThan(100)
    const scale = Math.floor(600 / side)
    const offset = Math.floor((600 - scale * (side - 8)) / 2) - 4 * scale
    for (let my = 0; my < side; my++) for (let mx = 0; mx < side; mx++) expect(dark(offset + mx * scale + (scale >> 1), offset + my * scale + (scale >> 1)), `${mx},${my}`).toBe(modules.has(`${mx},${my}`))
  })

  it('imports, lists and exports an invitation list on D1 (rows as one JSON parameter per statement), all or nothing', async () => {
    const admin = new Client(worker)
    expect((await admin.post('/api/auth/login', { email: 'admin@acme.example', password: 'correct-horse-battery' })).status).toBe(200)
    const survey = (await admin.post('/api/surveys', { title: 'Members' })).body.survey
    const list = (await admin.post(`/api/surveys/${survey.id}/collectors`, { label: 'Members', kind: 'invitations' })).body.collector
    const path = `${ORIGIN}/api/surveys/${survey.id}/collectors/${list.id}/invitations`
    const upload = (csv: string) => worker(new Request(path, { method: 'POST', headers: { 'content-type': 'text/csv', cookie: admin.cookie, 'x-csrf-token': admin.csrf }, body: csv }))
    const file = ['name,email,tier', ...Array.from({ length: 3000 }, (_, i) => `Person ${i},p${i}@example.com,${'gold'.repeat(i % 30)}`)].join('\r\n')

    const bad = await upload(`${file}\r\nBroken,not-an-email,x`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as any).error.issues).toEqual([{ path: 'line 3002', message: 'email "not-an-email" is not an email address' }])
    const { db } = openD1Database(env.DB)
    const count = async () => (await db.selectFrom('survey_invitation').select((e) => e.fn.countAll<number>().as('n')).where('collector_id', '=', list.id).executeTakeFirstOrThrow()).n
    expect(await count()).toBe(0)

    const ok = await upload(file)
    expect(ok.status).toBe(201)
    expect(await ok.json()).toEqual({ imported: 3000, listId: list.id, attributeColumns: ['tier'] })
    expect(await count()).toBe(3000)
    const exported = await worker(new Request(`${path}.csv`, { headers: { cookie: admin.cookie } }))
    expect(exported.status).toBe(200)
    const lines = (await exported.text()).trim().split('\r\n')
    expect(lines).toHaveLength(3001)
    expect(lines[1]).toMatch(/^Person 0,p0@example\.com,,,https:\/\/yardstick\.example\/s\/[A-Za-z0-9_-]{22}$/)
    const listed = await admin.get(`/api/surveys/${survey.id}/collectors/${list.id}/invitations`)
    expect(listed.body.totals).toEqual({ invited: 3000, sent: 3000, opened: 0, answered: 0 })
    expect(listed.body.invitations).toHaveLength(500)
  })
})

describe('pages', () => {
  it('answers a respondent link with the built respondent page', async () => {
    const res = await worker(new Request(`${ORIGIN}/s/AbCdEfGhIjKlMnOp`))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await res.text()).toContain('data-entry="respondent"')
    // The app's security headers apply to it as to the API.
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
  })

  it('finds the respondent page at the asset URL the worker fetches', async () => {
    // With the default html_handling, /respondent.html redirects to /respondent.
    const file = await env.ASSETS.fetch(`${ORIGIN}/respondent.html`, { redirect: 'manual' })
    expect(file.status).toBe(307)
    expect(file.headers.get('location')).toBe('/respondent')
    const page = await env.ASSETS.fetch(`${ORIGIN}/respondent`)
    expect(await page.text()).toContain('data-entry="respondent"')
  })

  it('serves the manager app for other paths (single-page fallback)', async () => {
    const res = await env.ASSETS.fetch(`${ORIGIN}/surveys/some-id`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('data-entry="manager"')
  })
})
