import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { parseCsv } from '../../shared/csv.ts'
import { insertInvitations } from '../../server/db/repositories/invitations.ts'

/** Sends a file as the raw request body, as the browser's upload does. */
async function upload(client: Client, path: string, text: string | Uint8Array, type = 'text/csv') {
  const res = await client.fetch(
    new Request(new URL(path, client.origin), { method: 'POST', headers: { 'content-type': type, cookie: client.cookie, 'x-csrf-token': client.csrf }, body: text as BodyInit }),
  )
  return { status: res.status, body: await res.json(), headers: res.headers }
}

async function download(client: Client, path: string) {
  const res = await client.fetch(new Request(new URL(path, client.origin), { headers: { cookie: client.cookie } }))
  const bytes = new Uint8Array(await res.arrayBuffer())
  // Kept as sent: Response.text() would drop the byte-order mark.
  return { status: res.status, headers: res.headers, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) }
}

/** The exported file as records keyed by heading (our own parser, after checking the raw bytes separately). */
function records(text: string) {
  expect(text.startsWith('\ufeff')).toBe(true)
  const parsed = parseCsv(text)
  if (!parsed.ok) throw new Error(parsed.message)
  const [head, ...rows] = parsed.rows.map((r) => r.fields)
  return { head: head!, rows: rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!]))) }
}

let addresses = 0
/** A customer's own connection address: the public routes limit requests per address. */
const nextAddress = () => `198.51.100.${++addresses}`

describe('single-use invitation lists', () => {
  let h: Harness
  let admin: Client
  let surveyId: string
  let versionId: string
  let counter = 0

  const countRows = async () => Number((await h.deps.database.db.selectFrom('survey_invitation').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

  async function newList(label = `Members ${++counter}`) {
    const res = await admin.post(`/api/surveys/${surveyId}/collectors`, { label, kind: 'invitations', identified: true })
    expect(res.status).toBe(201)
    const base = `/api/surveys/${surveyId}/collectors/${res.body.collector.id}`
    return { id: res.body.collector.id as string, base, invitations: `${base}/invitations` }
  }

  beforeAll(async () => {
    h = await makeHarness()
    admin = await setupOrg(h)
    surveyId = (await admin.post('/api/surveys', { title: 'Post-visit' })).body.survey.id
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
    versionId = (await admin.get(`/api/surveys/${surveyId}`)).body.versions[0].id
  })

  it('imports a good file with extra columns (BOM, CRLF, quoted commas and line breaks), keeps attributes, and exports personal links that open the survey', async () => {
    const list = await newList()
    const file =
      '\ufeffName,Email,Phone,Store,Member since\r\n' +
      'Ann Lee,ann@example.com,,Leeds,2019\r\n' +
      '"Bo, Jr.",,+44 20 7946 0958,"York\r\nNorth",2021\r\n' +
      '\r\n' +
      'Cy,cy@example.com,07700 900123,Leeds,"said ""hi"""\r\n'
    const res = await upload(admin, list.invitations, file)
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ imported: 3, listId: list.id, attributeColumns: ['Store', 'Member since'] })

    const listed = await admin.get(list.invitations)
    expect(listed.status).toBe(200)
    expect(listed.body.totals).toEqual({ invited: 3, sent: 0, opened: 0, answered: 0 })
    const byName = new Map<string, any>(listed.body.invitations.map((i: any) => [i.name, i]))
    expect(byName.get('Ann Lee')).toMatchObject({ line: 2, email: 'ann@example.com', phone: null, attributes: { Store: 'Leeds', 'Member since': '2019' }, sentAt: null, openedAt: null, answeredAt: null })
    expect(byName.get('Bo, Jr.')).toMatchObject({ line: 3, email: null, phone: '+44 20 7946 0958', attributes: { Store: 'York\nNorth', 'Member since': '2021' } })
    expect(byName.get('Cy')).toMatchObject({ line: 6, attributes: { 'Member since': 'said "hi"' } })
    expect(JSON.stringify(listed.body)).not.toMatch(/token/i) // the list page never shows personal links

    const head = await admin.fetch(new Request(new URL(`${list.invitations}.csv`, admin.origin), { method: 'HEAD', headers: { cookie: admin.cookie } }))
    expect(head.status).toBe(200)
    expect((await admin.get(list.invitations)).body.totals.sent).toBe(0)

    h.setNow(new Date('2026-11-24T09:00:00Z'))
    const exported = await download(admin, `${list.invitations}.csv`)
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="members-\d+-invitations\.csv"/)
    expect(exported.headers.get('cache-control')).toBe('private, no-store')
    expect(exported.text.split('\r\n')[0]).toBe('\ufeffname,email,phone,Store,Member since,link')
    const { rows } = records(exported.text)
    expect(rows.map((r) => r.name)).toEqual(['Ann Lee', 'Bo, Jr.', 'Cy'])
    expect(rows[1]).toMatchObject({ phone: '+44 20 7946 0958', Store: 'York\nNorth' }) // a phone number is not a formula
    expect(rows[2]!['Member since']).toBe('said "hi"')
    const tokens = rows.map((r) => {
      const m = /^http:\/\/localhost\/s\/([A-Za-z0-9_-]+)$/.exec(r.link!)
      expect(m, r.link).not.toBeNull()
      return m![1]!
    })
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/) // 128 random bits
    expect(new Set(tokens).size).toBe(3)

    // Each personal link opens the survey for the customer.
    for (const t of tokens) {
      const open = await new Client(h).req('GET', `/api/public/s/${t}`, undefined, { 'x-test-client': nextAddress() })
      expect(open.status, t).toBe(200)
      expect(open.body.state).toBe('open')
    }

    const after = await admin.get(list.invitations)
    expect(after.body.totals).toMatchObject({ invited: 3, sent: 3 })
    expect(after.body.invitations.every((i: any) => i.sentAt === '2026-11-24T09:00:00.000Z')).toBe(true)

    // A second export does not move the date they were first sent.
    h.setNow(new Date('2026-11-25T09:00:00Z'))
    await download(admin, `${list.invitations}.csv`)
    expect((await admin.get(list.invitations)).body.invitations.every((i: any) => i.sentAt === '2026-11-24T09:00:00.000Z')).toBe(true)
    h.setNow(new Date())
  })

  it('exports only the unanswered with ?unanswered=1, and counts the answered', async () => {
    const list = await newList()
    const res = await upload(admin, list.invitations, 'name,email\nAnn,ann@example.com\nBo,bo@example.com\nCy,cy@example.com\n')
    expect(res.status).toBe(201)
    const all = records((await download(admin, `${list.invitations}.csv`)).text).rows
    const bo = all.find((r) => r.name === 'Bo')!
    const token = bo.link!.split('/s/')[1]!
    const customer = new Client(h)
    const address = { 'x-test-client': nextAddress() }
    expect((await customer.req('GET', `/api/public/s/${token}`, undefined, address)).status).toBe(200)
    const answered = await customer.req('POST', `/api/public/s/${token}/responses`, { clientId: `inv-${Date.now()}`, versionId, answers: { nps: 9, csat: 4, comment: 'Fine' } }, address)
    expect(answered.status).toBe(201)

    const unanswered = await download(admin, `${list.invitations}.csv?unanswered=1`)
    expect(unanswered.headers.get('content-disposition')).toMatch(/filename="members-\d+-unanswered-invitations\.csv"/)
    expect(records(unanswered.text).rows.map((r) => r.name)).toEqual(['Ann', 'Cy'])
    expect(records(unanswered.text).rows.map((r) => r.link)).toEqual(all.filter((r) => r.name !== 'Bo').map((r) => r.link))
    expect((await admin.get(list.invitations)).body.totals).toEqual({ invited: 3, sent: 3, opened: 1, answered: 1 })
  })

  it('marks as sent only what was exported: the unanswered export leaves answered, never-sent rows alone', async () => {
    const list = await newList()
    expect((await upload(admin, list.invitations, 'email\na@example.com\nb@example.com\n')).status).toBe(201)
    await h.deps.database.db.updateTable('survey_invitation').set({ answered_at: new Date().toISOString() }).where('collector_id', '=', list.id).where('email', '=', 'a@example.com').execute()
    await download(admin, `${list.invitations}.csv?unanswered=1`)
    const rows = (await admin.get(list.invitations)).body.invitations
    expect(rows.find((r: any) => r.email === 'a@example.com').sentAt).toBeNull()
    expect(rows.find((r: any) => r.email === 'b@example.com').sentAt).not.toBeNull()
  })

  it('a file with bad rows is refused whole: every problem by its line in the file, nothing imported', async () => {
    const list = await newList()
    const before = await countRows()
    const file = [
      'name,email,phone,store', // 1
      'Ann,ann@example.com,,Leeds', // 2
      'Bad,x,,Leeds', // 3
      'Nobody,,,Leeds', // 4
      '', // 5 (blank: skipped)
      'Ann again,ANN@example.com,,York', // 6
      'Phone,,12ab,York', // 7
      'Short,,+1 23,York', // 8
      'Dup phone,,+44 (20) 7946-0958,York', // 9
      'Dup phone 2,,+44 20 7946 0958,York', // 10
      'Too,many,fields,here,and more', // 11
      'Fine,fine@example.com,,Hull', // 12
    ].join('\n')
    const res = await upload(admin, list.invitations, file)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(res.body.error.message).toMatch(/Nothing was imported/)
    expect(res.body.error.issues).toEqual([
      { path: 'line 3', message: 'email "x" is not an email address' },
      { path: 'line 4', message: 'has neither an email nor a phone number' },
      { path: 'line 6', message: 'email "ANN@example.com" is also on line 2' },
      { path: 'line 7', message: 'phone "12ab" is not a phone number (7 to 20 digits, spaces, +, - and brackets)' },
      { path: 'line 8', message: 'phone "+1 23" is not a phone number (7 to 20 digits, spaces, +, - and brackets)' },
      { path: 'line 10', message: 'phone "+44 20 7946 0958" is also on line 9' },
      { path: 'line 11', message: 'has 5 fields but the header has 4 (a comma inside a value needs the value in quotes)' },
    ])
    expect(await countRows()).toBe(before)
    expect((await admin.get(list.invitations)).body.totals.invited).toBe(0)
  })

  it('malformed files: an unbalanced quote, a stray quote, no contact column, no header, no rows', async () => {
    const list = await newList()
    const before = await countRows()
    const cases: [string, { path: string; message: RegExp }][] = [
      ['name,email\nAnn,ann@example.com\n"Bo,bo@example.com\nCy,cy@example.com\n', { path: 'line 3', message: /never closed \(unbalanced quotes\)/ }],
      ['name,email\nAnn,ann@example.com\nB"o,bo@example.com\n', { path: 'line 3', message: /quote in the middle/ }],
      ['name,email\n"Ann"x,ann@example.com\n', { path: 'line 2', message: /after a closing quote/ }],
      ['name,store\nAnn,Leeds\n', { path: 'line 1', message: /needs an "email" or "phone" column \(found: "name", "store"\)/ }],
      ['ann@example.com,Ann\nbo@example.com,Bo\n', { path: 'line 1', message: /needs an "email" or "phone" column/ }],
      ['', { path: 'file', message: /empty/ }],
      ['name,email\n\n', { path: 'file', message: /no contacts/ }],
      ['email,Email\na@example.com,b@example.com\n', { path: 'line 1', message: /appears twice/ }],
      ['email,link\na@example.com,x\n', { path: 'line 1', message: /"link" cannot be a column/ }],
      ['email,,store\na@example.com,oops,Leeds\n', { path: 'line 1', message: /column 2 has values but no heading/ }],
    ]
    for (const [file, expected] of cases) {
      const res = await upload(admin, list.invitations, file)
      expect(res.status, file).toBe(400)
      expect(res.body.error.issues[0].path, file).toBe(expected.path)
      expect(res.body.error.issues[0].message, file).toMatch(expected.message)
    }
    expect(await countRows()).toBe(before)
    // A trailing separator (an empty nameless column) is fine.
    expect((await upload(admin, list.invitations, 'email,\r\na@example.com,\r\n')).status).toBe(201)
  })

  it('reads semicolon- and tab-separated files, as some spreadsheet locales save them', async () => {
    const list = await newList()
    expect((await upload(admin, list.invitations, 'name;email;city\nAnn;ann@example.com;Köln\n')).body).toMatchObject({ imported: 1, attributeColumns: ['city'] })
    expect((await upload(admin, list.invitations, 'name\temail\tcity\nBo\tbo@example.com\tBonn, West\n')).body).toMatchObject({ imported: 1 })
    const rows = (await admin.get(list.invitations)).body.invitations
    expect(rows.map((r: any) => r.attributes.city).sort()).toEqual(['Bonn, West', 'Köln'])
  })

  it('accepts the file as JSON {csv} too, and refuses other body types', async () => {
    const list = await newList()
    expect((await admin.post(list.invitations, { csv: 'email\na@example.com\n' })).status).toBe(201)
    expect((await admin.post(list.invitations, { file: 'x' })).status).toBe(400)
    expect((await upload(admin, list.invitations, 'email\nb@example.com\n', 'application/octet-stream')).status).toBe(400)
    expect((await upload(admin, list.invitations, '{"csv":', 'application/json')).status).toBe(400)
  })

  it('appending a second file to a list refuses contacts already on it, by line, and adds the rest once they are removed', async () => {
    const list = await newList()
    h.setNow(new Date('2026-11-24T09:00:00Z'))
    expect((await upload(admin, list.invitations, 'name,email,phone\nAnn,ann@example.com,\nBo,,07700 900123\n')).status).toBe(201)
    h.setNow(new Date('2026-11-24T10:00:00Z'))
    const again = await upload(admin, list.invitations, 'name,email,phone\nCy,cy@example.com,\nAnn,Ann@Example.com,\nBob,,077009 00123\n')
    expect(again.status).toBe(400)
    expect(again.body.error.issues).toEqual([
      { path: 'line 3', message: 'email "Ann@Example.com" is already on this list' },
      { path: 'line 4', message: 'phone "077009 00123" is already on this list' },
    ])
    const ok = await upload(admin, list.invitations, 'name,email,phone,tier\nCy,cy@example.com,,gold\n')
    expect(ok.body).toEqual({ imported: 1, listId: list.id, attributeColumns: ['tier'] })
    h.setNow(new Date())
    const listed = (await admin.get(list.invitations)).body
    expect(listed.totals.invited).toBe(3)
    expect(listed.invitations[0]).toMatchObject({ name: 'Cy', line: 2, attributes: { tier: 'gold' } }) // newest first
    // The export has the union of both files' columns.
    const { head, rows } = records((await download(admin, `${list.invitations}.csv`)).text)
    expect(head).toEqual(['name', 'email', 'phone', 'tier', 'link'])
    expect(rows.map((r) => [r.name, r.tier])).toEqual([
      ['Ann', ''],
      ['Bo', ''],
      ['Cy', 'gold'],
    ])
  })

  it('guards the export against spreadsheet formulas', async () => {
    const list = await newList()
    const file = [
      'name,email,note,amount',
      '"=HYPERLINK(""http://evil.example"",""click"")",a@example.com,+cmd|\' /C calc\'!A0,-2+3',
      '@SUM(1+1),b@example.com,"-1,5",+12',
      '"\tTab",c@example.com,=1+1,ok',
    ].join('\r\n')
    expect((await upload(admin, list.invitations, file)).status).toBe(201)
    const text = (await download(admin, `${list.invitations}.csv`)).text
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",a@example.com,,'+cmd|' /C calc'!A0,'-2+3,`)
    const { rows } = records(text)
    expect(rows.map((r) => [r.name, r.note, r.amount])).toEqual([
      [`'=HYPERLINK("http://evil.example","click")`, `'+cmd|' /C calc'!A0`, "'-2+3"],
      ["'@SUM(1+1)", "'-1,5", '+12'], // a plain signed number like a phone number stays usable
      ['Tab', "'=1+1", 'ok'], // surrounding space (the tab) is trimmed on import
    ])
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=@\t]|^[+-](?![\d\s().-]+$)/)
  })

  it('limits: at most 10,000 contacts and 2 MB a file; a file above the API default body limit is fine', async () => {
    const list = await newList()
    const lines = (n: number, pad = '') => ['email,note', ...Array.from({ length: n }, (_, i) => `p${i}@example.com,${pad}`)].join('\n')
    const tooMany = await upload(admin, list.invitations, lines(10_001))
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.issues).toEqual([{ path: 'file', message: 'the file has 10001 contacts; at most 10000 can be uploaded at once (split it into several files)' }])

    const big = lines(2100, 'x'.repeat(990)) // ~2.1 MB
    expect(new TextEncoder().encode(big).length).toBeGreaterThan(2 * 1024 * 1024)
    const tooBig = await upload(admin, list.invitations, big)
    expect(tooBig.status).toBe(413)
    expect(tooBig.body.error.message).toBe('The file is larger than 2 MB')
    expect((await admin.post(list.invitations, { csv: big })).status).toBe(413)
    const huge = await upload(admin, list.invitations, big + big)
    expect(huge.status).toBe(413)
    expect(await h.deps.database.db.selectFrom('survey_invitation').select('id').where('collector_id', '=', list.id).execute()).toEqual([])

    // Other routes keep the small default limit.
    const notHere = await upload(admin, `/api/surveys/${surveyId}/collectors`, JSON.stringify({ label: 'x'.repeat(300 * 1024) }), 'application/json')
    expect(notHere.status).toBe(413)

    const started = performance.now()
    const full = await upload(admin, list.invitations, lines(10_000, 'some note'))
    expect(full.status).toBe(201)
    expect(full.body.imported).toBe(10_000)
    expect(performance.now() - started).toBeLessThan(5000)
    const listed = (await admin.get(list.invitations)).body
    expect(listed.totals.invited).toBe(10_000)
    expect(listed.invitations).toHaveLength(500)
    const tokens = await h.deps.database.db.selectFrom('survey_invitation').select('token').where('collector_id', '=', list.id).execute()
    expect(new Set(tokens.map((t) => t.token)).size).toBe(10_000)
    const exported = records((await download(admin, `${list.invitations}.csv`)).text)
    expect(exported.rows).toHaveLength(10_000)
    expect((await admin.get(list.invitations)).body.totals.sent).toBe(10_000)
  })

  it('two uploads of the same file at once (a double click): one imports, the other imports nothing', async () => {
    const list = await newList()
    const file = ['name,email', ...Array.from({ length: 4000 }, (_, i) => `P${i},p${i}@example.com`)].join('\n')
    const results = await Promise.all([upload(admin, list.invitations, file), upload(admin, list.invitations, file), upload(admin, list.invitations, file)])
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    for (const r of results.filter((r) => r.status !== 201)) {
      expect([400, 409]).toContain(r.status)
      if (r.status === 409) expect(r.body.error.message).toMatch(/nothing from this file was imported/)
    }
    expect((await admin.get(list.invitations)).body.totals.invited).toBe(4000)

    // The interleaving above depends on timing; the guard itself, deterministically: a write
    // prepared when the list was empty inserts nothing, in any of its chunks, once a file went in.
    const { newId, newToken } = await import('../../shared/ids.ts')
    const stale = Array.from({ length: 4000 }, (_, i) => ({ id: newId(), token: newToken(), line: i + 2, name: `Q${i}`, email: `q${i}@example.com`, phone: null, attributes: JSON.stringify({ note: 'x'.repeat(100) }) }))
    const statements = insertInvitations(h.deps.database.db, { orgId: (await admin.get('/api/auth/me')).body.organisation.id, collectorId: list.id, createdAt: new Date().toISOString(), expectedCount: 0 }, stale)
    expect(statements.length).toBeGreaterThan(1)
    expect(await h.deps.database.atomic(statements)).toEqual(statements.map(() => 0))
    expect((await admin.get(list.invitations)).body.totals.invited).toBe(4000)
  })

  it('a plain link is not an invitation list: 409', async () => {
    const link = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Receipt' })).body.collector
    const path = `/api/surveys/${surveyId}/collectors/${link.id}/invitations`
    expect((await upload(admin, path, 'email\na@example.com\n')).status).toBe(409)
    expect((await admin.get(path)).status).toBe(409)
    expect((await download(admin, `${path}.csv`)).status).toBe(409)
  })

  it('permissions: readers see the list but cannot upload or export personal links; another organisation gets 404', async () => {
    const list = await newList()
    expect((await upload(admin, list.invitations, 'email\na@example.com\n')).status).toBe(201)
    const analyst = await addUser(h, admin, 'analyst', `analyst-${Date.now()}@acme.example`)
    expect((await analyst.get(list.invitations)).status).toBe(200)
    expect((await upload(analyst, list.invitations, 'email\nb@example.com\n')).status).toBe(403)
    expect((await download(analyst, `${list.invitations}.csv`)).status).toBe(403)
    const manager = await addUser(h, admin, 'manager', `manager-${Date.now()}@acme.example`)
    expect((await upload(manager, list.invitations, 'email\nc@example.com\n')).status).toBe(201)
    expect((await download(manager, `${list.invitations}.csv`)).status).toBe(200)

    const other = await createOrgDirect(h, `Other ${Date.now()}`, `admin-${Date.now()}@other.example`)
    expect((await upload(other, list.invitations, 'email\nd@example.com\n')).status).toBe(404)
    expect((await other.get(list.invitations)).status).toBe(404)
    expect((await download(other, `${list.invitations}.csv`)).status).toBe(404)
    expect((await admin.get(list.invitations)).body.totals.invited).toBe(2)
  })
})
