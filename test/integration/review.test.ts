import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { NOTE_MAX_CHARS, parseReportKey, reportKey } from '../../shared/review.ts'

/**
 * The review report's own records over the API: the measurement plan (/api/review/methods) and the
 * manager's commentary per report section (/api/review/notes). Happy paths, validation naming the
 * field, roles (an analyst reads but cannot write) and organisations (another cannot see or touch).
 */

let h: Harness
let admin: Client
let manager: Client
let analyst: Client
let other: Client
let leeds: string
let york: string

beforeAll(async () => {
  h = await makeHarness({ now: new Date('2026-12-10T09:00:00Z') })
  admin = await setupOrg(h)
  manager = await addUser(h, admin, 'manager', 'manager@acme.example')
  analyst = await addUser(h, admin, 'analyst', 'analyst@acme.example')
  other = await createOrgDirect(h, 'Other Org', 'other@other.example')
  leeds = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location.id
  york = (await admin.post('/api/locations', { name: 'York', kind: 'branch' })).body.location.id
})

describe('report key', () => {
  it('names a report by its period and sorted locations, and parses only the canonical spelling', () => {
    const ids = ['01JZZZZZZZZZZZZZZZZZZZZZZB', '01JZZZZZZZZZZZZZZZZZZZZZZA']
    const key = reportKey({ from: '2026-09-01', to: '2026-11-30', locationIds: ids })
    expect(key).toBe('2026-09-01..2026-11-30|01JZZZZZZZZZZZZZZZZZZZZZZA,01JZZZZZZZZZZZZZZZZZZZZZZB')
    expect(reportKey({ from: '2026-09-01', to: '2026-11-30', locationIds: [...ids, ids[0]!] })).toBe(key)
    expect(reportKey({ from: '2026-09-01', to: '2026-11-30', locationIds: [] })).toBe('2026-09-01..2026-11-30|*')
    expect(parseReportKey(key)).toEqual({ scope: { from: '2026-09-01', to: '2026-11-30', locationIds: [...ids].sort() } })
    expect(parseReportKey('2026-09-01..2026-11-30|*')).toEqual({ scope: { from: '2026-09-01', to: '2026-11-30', locationIds: [] } })
    for (const bad of ['2026-09-01..2026-11-30', '2026-11-30..2026-09-01|*', '2026-02-30..2026-03-01|*', `2026-09-01..2026-11-30|${ids.join(',')}`, '2026-09-01..2026-11-30|nope', ''])
      expect(parseReportKey(bad), bad).toHaveProperty('problem')
  })
})

describe('measurement plan', () => {
  it('lists every method, unrecorded at first', async () => {
    const r = await analyst.get('/api/review/methods')
    expect(r.status).toBe(200)
    expect(r.body.methods.map((m: { method: string }) => m.method)).toEqual(['survey', 'mystery_shop', 'complaints', 'operational'])
    expect(r.body.methods.every((m: { recorded: boolean; used: boolean }) => !m.recorded && !m.used)).toBe(true)
  })

  it('records a method with its reason and sample plan, and changes it later', async () => {
    const put = await manager.put('/api/review/methods/survey', { used: true, justification: '  Customers judge the service they got; a survey after every visit reaches them.  ', sample_plan: 'At least 100 answers per branch per quarter' })
    expect(put.status).toBe(200)
    expect(put.body.method).toMatchObject({ method: 'survey', recorded: true, used: true, justification: 'Customers judge the service they got; a survey after every visit reaches them.', sample_plan: 'At least 100 answers per branch per quarter', updated_by_name: 'manager user' })
    expect(put.body.method.updated_at).toBe('2026-12-10T09:00:00.000Z')
    const notUsed = await admin.put('/api/review/methods/operational', { used: false, justification: 'No call data can be exported from the phone system yet.' })
    expect(notUsed.status).toBe(200)
    h.setNow(new Date('2026-12-11T09:00:00Z'))
    const again = await admin.put('/api/review/methods/survey', { used: true, justification: 'Updated reason', sample_plan: '' })
    expect(again.status).toBe(200)

    const list = (await analyst.get('/api/review/methods')).body.methods
    expect(list.find((m: { method: string }) => m.method === 'survey')).toMatchObject({ recorded: true, used: true, justification: 'Updated reason', sample_plan: '', updated_by_name: 'Ada Admin', updated_at: '2026-12-11T09:00:00.000Z' })
    expect(list.find((m: { method: string }) => m.method === 'operational')).toMatchObject({ recorded: true, used: false, sample_plan: '' })
    expect(list.find((m: { method: string }) => m.method === 'mystery_shop')).toMatchObject({ recorded: false, used: false })
  })

  it('answers 400 naming the field', async () => {
    const noReason = await manager.put('/api/review/methods/mystery_shop', { used: true, justification: '   ' })
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.code).toBe('validation_failed')
    expect(noReason.body.error.issues).toEqual([{ path: 'body.justification', message: expect.stringContaining('is required') }])

    const notBool = await manager.put('/api/review/methods/mystery_shop', { used: 'yes', justification: 'x' })
    expect(notBool.status).toBe(400)
    expect(notBool.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.used'])

    const tooLong = await manager.put('/api/review/methods/mystery_shop', { used: true, justification: 'x', sample_plan: 'y'.repeat(2001) })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error.issues).toEqual([{ path: 'body.sample_plan', message: 'must be at most 2000 characters' }])

    const badMethod = await manager.put('/api/review/methods/telepathy', { used: true, justification: 'x' })
    expect(badMethod.status).toBe(400)
    expect(badMethod.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['path.method'])
  })

  it('lets an analyst read but not write, and another organisation neither sees nor changes it', async () => {
    const denied = await analyst.put('/api/review/methods/survey', { used: false, justification: '' })
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('forbidden')

    const theirs = await other.get('/api/review/methods')
    expect(theirs.status).toBe(200)
    expect(theirs.body.methods.every((m: { recorded: boolean }) => !m.recorded)).toBe(true)
    // Their own record is theirs alone.
    expect((await other.put('/api/review/methods/survey', { used: false, justification: 'Not for us' })).status).toBe(200)
    const ours = (await admin.get('/api/review/methods')).body.methods.find((m: { method: string }) => m.method === 'survey')
    expect(ours).toMatchObject({ used: true, justification: 'Updated reason' })

    expect((await new Client(h).get('/api/review/methods')).status).toBe(401)
  })
})

describe('commentary on a report', () => {
  let key: string
  let keyOne: string
  beforeAll(() => {
    key = reportKey({ from: '2026-09-01', to: '2026-11-30', locationIds: [york, leeds] })
    keyOne = reportKey({ from: '2026-09-01', to: '2026-11-30', locationIds: [leeds] })
  })
  const notesOf = async (c: Client, k: string) => {
    const r = await c.get(`/api/review/notes?key=${encodeURIComponent(k)}`)
    expect(r.status).toBe(200)
    return r.body.notes as { section: string; text: string; updated_by_name: string | null; updated_at: string }[]
  }

  it('saves, lists in report order, replaces and keeps each report apart', async () => {
    expect(await notesOf(analyst, key)).toEqual([])
    const results = await manager.put('/api/review/notes', { key, section: 'results', text: 'Leeds missed the queue standard in October.\n\nYork held every target.' })
    expect(results.status).toBe(200)
    expect(results.body.note).toMatchObject({ section: 'results', text: 'Leeds missed the queue standard in October.\n\nYork held every target.', updated_by_name: 'manager user' })
    expect((await admin.put('/api/review/notes', { key, section: 'summary', text: 'A good quarter overall.' })).status).toBe(200)
    expect((await admin.put('/api/review/notes', { key: keyOne, section: 'summary', text: 'Leeds alone.' })).status).toBe(200)

    const notes = await notesOf(analyst, key)
    expect(notes.map((n) => [n.section, n.text])).toEqual([
      ['summary', 'A good quarter overall.'],
      ['results', 'Leeds missed the queue standard in October.\n\nYork held every target.'],
    ])
    expect((await notesOf(analyst, keyOne)).map((n) => n.text)).toEqual(['Leeds alone.'])

    h.setNow(new Date('2026-12-12T10:00:00Z'))
    const replaced = await manager.put('/api/review/notes', { key, section: 'summary', text: 'A good quarter; queues need work.' })
    expect(replaced.body.note).toMatchObject({ text: 'A good quarter; queues need work.', updated_at: '2026-12-12T10:00:00.000Z', updated_by_name: 'manager user' })
    expect((await notesOf(analyst, key)).find((n) => n.section === 'summary')?.text).toBe('A good quarter; queues need work.')
  })

  it('deletes a note when the text is empty', async () => {
    const cleared = await manager.put('/api/review/notes', { key, section: 'results', text: '  \n ' })
    expect(cleared.status).toBe(200)
    expect(cleared.body.note).toBeNull()
    expect((await notesOf(analyst, key)).map((n) => n.section)).toEqual(['summary'])
    // Clearing what is not there is fine.
    expect((await manager.put('/api/review/notes', { key, section: 'results', text: '' })).status).toBe(200)
    const row = await h.deps.database.db.selectFrom('review_note').select('section').where('report_key', '=', key).execute()
    expect(row.map((r) => r.section)).toEqual(['summary'])
  })

  it('refuses to overwrite a note someone else saved meanwhile when the writer says which version they edited', async () => {
    const first = (await manager.put('/api/review/notes', { key, section: 'voice', text: 'Waits dominate the comments.', base: null })).body.note
    // A second editor who also started from "no note" would overwrite it: 409.
    const late = await admin.put('/api/review/notes', { key, section: 'voice', text: 'Staff attitude praised.', base: null })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('conflict')
    h.setNow(new Date('2026-12-12T11:00:00Z'))
    const next = await admin.put('/api/review/notes', { key, section: 'voice', text: 'Waits dominate; staff attitude praised.', base: first.updated_at })
    expect(next.status).toBe(200)
    // The first editor's version is now stale, for a save and for a clear alike.
    expect((await manager.put('/api/review/notes', { key, section: 'voice', text: 'Mine', base: first.updated_at })).status).toBe(409)
    expect((await manager.put('/api/review/notes', { key, section: 'voice', text: '', base: first.updated_at })).status).toBe(409)
    expect((await notesOf(analyst, key)).find((n) => n.section === 'voice')?.text).toBe('Waits dominate; staff attitude praised.')
    expect((await manager.put('/api/review/notes', { key, section: 'voice', text: '', base: next.body.note.updated_at })).body.note).toBeNull()
  })

  it('answers 400 naming the field', async () => {
    const badKey = await analyst.get(`/api/review/notes?key=${encodeURIComponent('last quarter')}`)
    expect(badKey.status).toBe(400)
    expect(badKey.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['query.key'])
    expect((await analyst.get('/api/review/notes')).body.error.issues.map((i: { path: string }) => i.path)).toEqual(['query.key'])

    const unsorted = await manager.put('/api/review/notes', { key: `2026-09-01..2026-11-30|${[leeds, york].sort().reverse().join(',')}`, section: 'summary', text: 'x' })
    expect(unsorted.status).toBe(400)
    expect(unsorted.body.error.issues).toEqual([{ path: 'body.key', message: 'must list its location ids sorted, each once' }])

    const section = await manager.put('/api/review/notes', { key, section: 'gossip', text: 'x' })
    expect(section.status).toBe(400)
    expect(section.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.section'])

    const long = await manager.put('/api/review/notes', { key, section: 'summary', text: 'x'.repeat(NOTE_MAX_CHARS + 1) })
    expect(long.status).toBe(400)
    expect(long.body.error.issues).toEqual([{ path: 'body.text', message: `must be at most ${NOTE_MAX_CHARS} characters` }])
    expect((await manager.put('/api/review/notes', { key, section: 'summary', text: 'x'.repeat(NOTE_MAX_CHARS) })).status).toBe(200)

    const missing = await manager.put('/api/review/notes', { key, section: 'summary' })
    expect(missing.status).toBe(400)
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.text'])
  })

  it('lets an analyst read but not write', async () => {
    const denied = await analyst.put('/api/review/notes', { key, section: 'summary', text: 'Analysts only read.' })
    expect(denied.status).toBe(403)
    const clear = await analyst.put('/api/review/notes', { key, section: 'summary', text: '' })
    expect(clear.status).toBe(403)
    expect((await notesOf(analyst, key)).find((n) => n.section === 'summary')?.text).toBe('x'.repeat(NOTE_MAX_CHARS))
  })

  it('shows another organisation nothing, and its writes never touch ours', async () => {
    expect(await notesOf(other, key)).toEqual([])
    // The same key in another organisation is another report.
    expect((await other.put('/api/review/notes', { key, section: 'summary', text: 'Theirs' })).status).toBe(200)
    expect((await other.put('/api/review/notes', { key, section: 'plan', text: '' })).status).toBe(200)
    expect((await notesOf(other, key)).map((n) => n.text)).toEqual(['Theirs'])
    expect((await notesOf(admin, key)).find((n) => n.section === 'summary')?.text).toBe('x'.repeat(NOTE_MAX_CHARS))
    // Clearing their note of that section leaves ours.
    expect((await other.put('/api/review/notes', { key, section: 'summary', text: '' })).status).toBe(200)
    expect((await notesOf(admin, key)).find((n) => n.section === 'summary')).toBeDefined()
  })
})
