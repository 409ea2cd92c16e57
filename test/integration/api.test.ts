import { describe, expect, it } from 'vitest'
import { BODY_LIMIT_BYTES } from '../../server/app.ts'
import { makeHarness, setupOrg } from '../helpers/harness.ts'

describe('API conventions', () => {
  it('the OpenAPI document lists every route with the schemas that validate it', async () => {
    const h = await makeHarness()
    const r = await h.app.request('/api/openapi.json')
    expect(r.status).toBe(200)
    const doc = await r.json()
    expect(doc.openapi).toBe('3.1.0')
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]: [string, any]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)))
    const routes = new Set(h.app.routes.filter((x) => x.method !== 'ALL').map((x) => `${x.method} ${x.path.replace(/:([A-Za-z]+)/g, '{$1}')}`))
    expect([...routes].filter((x) => !documented.has(x))).toEqual([])
    const login = doc.paths['/api/auth/login'].post
    expect(login.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['email', 'password']))
    expect(login.security).toEqual([])
    const std = doc.paths['/api/standards'].post.requestBody.content['application/json'].schema
    expect(std.properties.dimension.enum).toEqual(['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness'])
    expect(doc.paths['/api/locations/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true })
    expect(doc.paths['/api/dashboard'].get.parameters.map((p: any) => p.name).sort()).toEqual(['from', 'locationId', 'to'])
  })

  it('every response has a request id and security headers with a CSP', async () => {
    const h = await makeHarness()
    const r = await h.app.request('/healthz')
    expect(r.status).toBe(200)
    expect(r.headers.get('x-request-id')).toBeTruthy()
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'self'") // the builder previews the respondent page in a frame
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('x-frame-options')).toBeTruthy()
  })

  it('errors share one body shape with the request id', async () => {
    const h = await makeHarness()
    const r = await h.app.request('/api/nowhere')
    expect(r.status).toBe(404)
    const body = await r.json()
    expect(body).toEqual({ error: { code: 'not_found', message: expect.any(String), requestId: r.headers.get('x-request-id') } })
  })

  it('refuses malformed JSON and oversized bodies with clear errors', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const malformed = await h.app.request('/api/locations', { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }, body: '{"name":' })
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).error.code).toBe('bad_request')
    const huge = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES + 10), kind: 'branch' })
    const big = await h.app.request('/api/locations', { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json', 'content-length': String(huge.length) }, body: huge })
    expect(big.status).toBe(413)
    expect((await big.json()).error.code).toBe('payload_too_large')
    expect((await admin.get('/api/locations')).body.locations).toEqual([])
  })

  it('logs one JSON line per request with the route pattern, never the concrete path or personal data', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const loc = (await admin.post('/api/locations', { name: 'Leeds', kind: 'branch' })).body.location
    await admin.get(`/api/locations/${loc.id}`)
    const line = h.logs.find((l) => l.route === '/api/locations/:id')
    expect(line).toMatchObject({ level: 'info', method: 'GET', status: 200 })
    expect(JSON.stringify(h.logs)).not.toContain(loc.id)
    expect(JSON.stringify(h.logs)).not.toContain('admin@acme.example')
  })
})

describe('static asset headers for Workers', () => {
  it('web/public/_headers carries the same Content-Security-Policy as the app', async () => {
    const { readFileSync } = await import('node:fs')
    const file = readFileSync(new URL('../../web/public/_headers', import.meta.url), 'utf8')
    const fromFile = /Content-Security-Policy: (.*)/.exec(file)![1]!.trim()
    const h = await makeHarness()
    const fromApp = (await h.app.request('/healthz')).headers.get('content-security-policy')!
    const norm = (s: string) => s.split(';').map((d) => d.trim()).filter(Boolean).sort()
    expect(norm(fromFile)).toEqual(norm(fromApp))
  })
})
