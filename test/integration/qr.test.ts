import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { decodeWithJsqr, decodeWithZbar, readPng, writePng } from '../helpers/qr-decode.ts'

/** The raw response (the test client reads bodies as text, which would garble a PNG). */
function fetchRaw(client: Client, path: string) {
  return client.fetch(new Request(new URL(path, client.origin), { headers: client.cookie ? { cookie: client.cookie } : {} }))
}

async function png(client: Client, path: string) {
  const res = await fetchRaw(client, path)
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) }
}

/** Reads the SVG's dark modules back from its path: every `M x y h w v1 h-w z` run. */
function modulesOfSvg(svg: string) {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)
  const d = /<path fill="#000" d="([^"]*)"/.exec(svg)
  if (!viewBox || !d) throw new Error('not our QR SVG')
  const side = Number(viewBox[1])
  const dark = new Set<string>()
  const runs = [...d[1]!.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)]
  expect(runs.map((r) => r[0]).join('')).toBe(d[1]) // nothing in the path but module runs
  for (const [, x, y, w, back] of runs) {
    expect(back).toBe(w)
    for (let i = 0; i < Number(w); i++) dark.add(`${Number(x) + i},${y}`)
  }
  return { side, dark }
}

describe('QR codes of a link', () => {
  let h: Harness
  let admin: Client
  let surveyId: string
  let link: { id: string; token: string; url: string }
  let base: string

  beforeAll(async () => {
    h = await makeHarness()
    admin = await setupOrg(h)
    surveyId = (await admin.post('/api/surveys', { title: 'Post-visit' })).body.survey.id
    expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)
    const created = await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Table card — Café Nord', channel: 'qr' })
    expect(created.status).toBe(201)
    link = created.body.collector
    base = `/api/surveys/${surveyId}/collectors/${link.id}`
  })

  it('the PNG decodes to exactly the link, with jsqr and with zbarimg', async () => {
    const { res, bytes } = await png(admin, `${base}/qr.png`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const expected = `http://localhost/s/${link.token}`
    expect(link.url).toBe(expected)
    expect(decodeWithJsqr(bytes)).toBe(expected)
    expect(decodeWithZbar(bytes)).toBe(expected)
  })

  it('the PNG is the requested size, pure black on white, whole pixels per module and a quiet zone of at least 4 modules', async () => {
    for (const size of [128, 333, 1024, 2048]) {
      const { res, bytes } = await png(admin, `${base}/qr.png?size=${size}`)
      expect(res.status).toBe(200)
      const img = readPng(bytes)
      expect([img.width, img.height]).toEqual([size, size])
      const grey = (x: number, y: number) => img.data[(y * img.width + x) * 4]!
      const levels = new Set<number>()
      for (let i = 0; i < img.data.length; i += 4) levels.add(img.data[i]!)
      expect([...levels].sort((a, b) => a - b)).toEqual([0, 255])
      // The top-left finder pattern starts the first dark row: 7 modules of dark.
      let top = 0
      while ([...Array(size).keys()].every((x) => grey(x, top) === 255)) top++
      let left = 0
      while (grey(left, top) === 255) left++
      let run = 0
      while (grey(left + run, top) === 0) run++
      expect(run % 7, `size ${size}`).toBe(0)
      const scale = run / 7
      expect(top).toBeGreaterThanOrEqual(4 * scale)
      expect(left).toBeGreaterThanOrEqual(4 * scale)
      expect(decodeWithJsqr(bytes), `size ${size}`).toBe(link.url)
    }
    expect(readPng((await png(admin, `${base}/qr.png`)).bytes).width).toBe(1024)
  })

  it('refuses sizes out of range with a clear message', async () => {
    for (const q of ['size=127', 'size=2049', 'size=500.5', 'size=big']) {
      const res = await admin.get(`${base}/qr.png?${q}`)
      expect(res.status, q).toBe(400)
      expect(res.body.error.issues[0].path).toBe('query.size')
    }
  })

  it('the SVG is crisp, has a 4-module quiet zone, and holds the same code as the PNG (which decodes)', async () => {
    const res = await fetchRaw(admin, `${base}/qr.svg`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
    const svg = await res.text()
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(svg).toContain('shape-rendering="crispEdges"')
    expect(svg).toContain('<title>QR code for Table card — Café Nord</title>')
    const { side, dark } = modulesOfSvg(svg)
    const coords = [...dark].map((k) => k.split(',').map(Number) as [number, number])
    expect(Math.min(...coords.map((c) => c[0]))).toBe(4)
    expect(Math.min(...coords.map((c) => c[1]))).toBe(4)
    expect(Math.max(...coords.map((c) => c[0]))).toBe(side - 5)
    expect(Math.max(...coords.map((c) => c[1]))).toBe(side - 5)

    // Rasterise the SVG's modules (10 px each) and decode that: the SVG's code is the link.
    const raster = writePng(side * 10, side * 10, (x, y) => (dark.has(`${Math.floor(x / 10)},${Math.floor(y / 10)}`) ? 0 : 255))
    expect(decodeWithJsqr(raster)).toBe(link.url)
    expect(decodeWithZbar(raster)).toBe(link.url)

    // And the PNG has exactly those modules: sample each module's centre.
    const size = side * 6
    const img = readPng((await png(admin, `${base}/qr.png?size=${size}`)).bytes)
    for (let my = 0; my < side; my++)
      for (let mx = 0; mx < side; mx++) {
        const p = ((my * 6 + 3) * img.width + mx * 6 + 3) * 4
        expect(img.data[p] === 0, `module ${mx},${my}`).toBe(dark.has(`${mx},${my}`))
      }
  })

  it('is a download named after the label, or inline with ?download=0', async () => {
    const svg = await fetchRaw(admin, `${base}/qr.svg`)
    expect(svg.headers.get('content-disposition')).toBe(
      `attachment; filename="table-card-cafe-nord-qr-code.svg"; filename*=UTF-8''${encodeURIComponent('Table card — Café Nord QR code.svg')}`,
    )
    expect((await fetchRaw(admin, `${base}/qr.svg?download=0`)).headers.get('content-disposition')).toMatch(/^inline; filename="table-card-cafe-nord-qr-code\.svg"/)
    expect((await fetchRaw(admin, `${base}/qr.png`)).headers.get('content-disposition')).toMatch(/^attachment; filename="table-card-cafe-nord-qr-code\.png"/)
    expect((await fetchRaw(admin, `${base}/qr.png`)).headers.get('cache-control')).toBe('private, max-age=300')
  })

  it('a label cannot break the header', async () => {
    const odd = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'a"b\\c/d;e', channel: '' })).body.collector
    const res = await fetchRaw(admin, `/api/surveys/${surveyId}/collectors/${odd.id}/qr.svg`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="a-b-c-d-e-qr-code.svg"; filename*=UTF-8''a%20b%20c%20d%3Be%20QR%20code.svg`)
  })

  it('an invitation list has no single QR code: 409 saying why', async () => {
    const list = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Members', kind: 'invitations' })).body.collector
    for (const ext of ['svg', 'png']) {
      const res = await admin.get(`/api/surveys/${surveyId}/collectors/${list.id}/qr.${ext}`)
      expect(res.status).toBe(409)
      expect(res.body.error.message).toMatch(/invitation list has no single QR code/)
    }
  })

  it('reading roles get it; another organisation, a wrong survey or an unknown link get 404; no session gets 401', async () => {
    const analyst = await addUser(h, admin, 'analyst', 'analyst@acme.example')
    expect((await fetchRaw(analyst, `${base}/qr.png?size=128`)).status).toBe(200)
    const shopper = await addUser(h, admin, 'shopper', 'shopper@acme.example')
    expect((await fetchRaw(shopper, `${base}/qr.png`)).status).toBe(403)
    const other = await createOrgDirect(h, 'Other Org', 'admin@other.example')
    expect((await other.get(`${base}/qr.svg`)).status).toBe(404)
    expect((await other.get(`${base}/qr.png`)).status).toBe(404)
    const otherSurvey = (await admin.post('/api/surveys', { title: 'Another' })).body.survey.id
    expect((await admin.get(`/api/surveys/${otherSurvey}/collectors/${link.id}/qr.svg`)).status).toBe(404)
    expect((await admin.get(`/api/surveys/${surveyId}/collectors/01ARZ3NDEKTSV4RRFFQ69G5FAV/qr.svg`)).status).toBe(404)
    expect((await new Client(h).get(`${base}/qr.svg`)).status).toBe(401)
  })
})
