import { describe, expect, it } from 'vitest'
import { addUser, Client, makeHarness, PASSWORD, setupOrg } from '../helpers/harness.ts'
import { LOGIN_LIMITS } from '../../server/routes/auth.ts'

describe('first-run setup', () => {
  it('reports needsSetup, creates the organisation and admin once, then refuses', async () => {
    const h = await makeHarness()
    const anon = new Client(h)
    expect((await anon.get('/api/setup')).body).toEqual({ needsSetup: true })
    const bad = await anon.post('/api/setup', { organisationName: '', name: 'A', email: 'not-an-email', password: 'short' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.issues.map((i: any) => i.path).sort()).toEqual(['body.email', 'body.organisationName', 'body.password'])
    expect((await anon.get('/api/setup')).body).toEqual({ needsSetup: true })
    const admin = await setupOrg(h)
    expect((await admin.get('/api/auth/me')).body.user.role).toBe('admin')
    expect((await anon.get('/api/setup')).body).toEqual({ needsSetup: false })
    const again = await new Client(h).post('/api/setup', { organisationName: 'X', name: 'X', email: 'x@x.example', password: PASSWORD })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('setup_done')
  })
})

describe('login', () => {
  it('gives the same answer for an unknown email and a wrong password', async () => {
    const h = await makeHarness()
    await setupOrg(h)
    const a = await new Client(h).post('/api/auth/login', { email: 'nobody@acme.example', password: PASSWORD })
    const b = await new Client(h).post('/api/auth/login', { email: 'admin@acme.example', password: 'wrong-password' })
    expect(a.status).toBe(401)
    expect(b.status).toBe(401)
    expect(a.body.error.message).toBe(b.body.error.message)
    expect(a.body.error.code).toBe(b.body.error.code)
  })

  it('sets an HttpOnly SameSite cookie, Secure with the __Host- prefix under HTTPS', async () => {
    const h = await makeHarness()
    await setupOrg(h)
    const plain = await h.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@acme.example', password: PASSWORD }) })
    const c1 = plain.headers.get('set-cookie')!
    expect(c1).toMatch(/^ys_session=/)
    expect(c1).toMatch(/HttpOnly/)
    expect(c1).toMatch(/SameSite=Lax/)
    expect(c1).not.toMatch(/Secure/)
    const tls = await h.app.request('https://yardstick.example/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@acme.example', password: PASSWORD }) })
    const c2 = tls.headers.get('set-cookie')!
    expect(c2).toMatch(/^__Host-ys_session=/)
    expect(c2).toMatch(/Secure/)
    expect(c2).toMatch(/Path=\//)
  })

  it('rotates the session at login: the cookie carried in is ended', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const oldCookie = admin.cookie
    const r = await admin.post('/api/auth/login', { email: 'admin@acme.example', password: PASSWORD })
    expect(r.status).toBe(200)
    expect(admin.cookie).not.toBe(oldCookie)
    const stale = await h.app.request('/api/auth/me', { headers: { cookie: oldCookie } })
    expect(stale.status).toBe(401)
    expect((await admin.get('/api/auth/me')).status).toBe(200)
  })

  it('is rate limited per email after repeated failures, with Retry-After', async () => {
    const h = await makeHarness()
    await setupOrg(h)
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) expect((await new Client(h).post('/api/auth/login', { email: 'admin@acme.example', password: 'wrong-password' })).status).toBe(401)
    const blocked = await new Client(h).post('/api/auth/login', { email: 'admin@acme.example', password: PASSWORD })
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('rate_limited')
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // The window passes: the right password works again.
    h.setNow(new Date(Date.now() + (LOGIN_LIMITS.windowMinutes + 1) * 60_000))
    expect((await new Client(h).post('/api/auth/login', { email: 'admin@acme.example', password: PASSWORD })).status).toBe(200)
  })

  it('is rate limited per client address across many emails', async () => {
    const h = await makeHarness()
    await setupOrg(h)
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) await new Client(h).req('POST', '/api/auth/login', { email: `guess${i}@acme.example`, password: 'wrong-password' }, { 'x-test-client': '198.51.100.7' })
    const r = await new Client(h).req('POST', '/api/auth/login', { email: 'admin@acme.example', password: PASSWORD }, { 'x-test-client': '198.51.100.7' })
    expect(r.status).toBe(429)
    // Another address is unaffected.
    expect((await new Client(h).req('POST', '/api/auth/login', { email: 'admin@acme.example', password: PASSWORD }, { 'x-test-client': '198.51.100.8' })).status).toBe(200)
  })

  it('stores no email or address in the failure log', async () => {
    const h = await makeHarness()
    await setupOrg(h)
    await new Client(h).post('/api/auth/login', { email: 'admin@acme.example', password: 'wrong-password' })
    const rows = await h.deps.database.db.selectFrom('auth_failure').selectAll().execute()
    expect(rows.length).toBe(2)
    expect(JSON.stringify(rows)).not.toMatch(/acme|203\.0\.113/)
    expect(JSON.stringify(h.logs)).not.toMatch(/acme\.example|203\.0\.113|correct-horse/)
  })
})

describe('sessions end', () => {
  it('at logout', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const cookie = admin.cookie
    expect((await admin.post('/api/auth/logout')).status).toBe(200)
    expect((await h.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401)
  })

  it('at password change, everywhere but the new session', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const other = new Client(h)
    await other.post('/api/auth/login', { email: 'admin@acme.example', password: PASSWORD })
    const wrong = await admin.post('/api/auth/password', { currentPassword: 'nope-nope-nope', newPassword: 'another-long-password' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.issues[0].path).toBe('body.currentPassword')
    const ok = await admin.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another-long-password' })
    expect(ok.status).toBe(200)
    expect((await other.get('/api/auth/me')).status).toBe(401)
    expect((await admin.get('/api/auth/me')).status).toBe(200)
    expect((await new Client(h).post('/api/auth/login', { email: 'admin@acme.example', password: 'another-long-password' })).status).toBe(200)
  })

  it('at deactivation; and the last admin cannot be removed', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const manager = await addUser(h, admin, 'manager', 'mo@acme.example')
    const me = (await manager.get('/api/auth/me')).body.user
    expect((await admin.patch(`/api/users/${me.id}`, { active: false })).status).toBe(200)
    expect((await manager.get('/api/auth/me')).status).toBe(401)
    expect((await new Client(h).post('/api/auth/login', { email: 'mo@acme.example', password: PASSWORD })).status).toBe(401)
    const adminId = (await admin.get('/api/auth/me')).body.user.id
    const last = await admin.patch(`/api/users/${adminId}`, { role: 'analyst' })
    expect(last.status).toBe(409)
  })
})

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without the token, and cross-site writes', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const noToken = await h.app.request('/api/locations', { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'X', kind: 'branch' }) })
    expect(noToken.status).toBe(403)
    expect((await noToken.json()).error.code).toBe('csrf_failed')
    const crossSite = await admin.req('POST', '/api/locations', { name: 'X', kind: 'branch' }, { origin: 'https://evil.example' })
    expect(crossSite.status).toBe(403)
    expect((await admin.get('/api/locations')).body.locations).toEqual([])
    expect((await admin.req('POST', '/api/locations', { name: 'X', kind: 'branch' }, { origin: 'http://localhost' })).status).toBe(201)
  })
})

describe('invitations', () => {
  it('are single-use links that create the account with the invited role', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const inv = await admin.post('/api/users/invitations', { email: 'Rita@Acme.example', role: 'reviewer' })
    expect(inv.status).toBe(201)
    const token = inv.body.url.split('/invite/')[1]
    const info = await new Client(h).get(`/api/invitations/${token}`)
    expect(info.body).toMatchObject({ email: 'rita@acme.example', role: 'reviewer', organisation: 'Acme Services' })
    const rita = new Client(h)
    const bad = await rita.post(`/api/invitations/${token}/accept`, { name: '', password: 'x' })
    expect(bad.status).toBe(400)
    expect((await rita.post(`/api/invitations/${token}/accept`, { name: 'Rita', password: PASSWORD })).status).toBe(201)
    expect((await rita.get('/api/auth/me')).body.user.role).toBe('reviewer')
    const second = await new Client(h).post(`/api/invitations/${token}/accept`, { name: 'Mallory', password: PASSWORD })
    expect(second.status).toBeGreaterThanOrEqual(400)
    expect((await new Client(h).get(`/api/invitations/${token}`)).status).toBe(404)
    const users = (await admin.get('/api/users')).body.users
    expect(users.filter((u: any) => u.email === 'rita@acme.example')).toHaveLength(1)
  })

  it('expire, and can be revoked', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const a = await admin.post('/api/users/invitations', { email: 'late@acme.example', role: 'analyst' })
    const b = await admin.post('/api/users/invitations', { email: 'revoked@acme.example', role: 'analyst' })
    expect((await admin.del(`/api/users/invitations/${b.body.invitation.id}`)).status).toBe(200)
    expect((await new Client(h).post(`/api/invitations/${b.body.url.split('/invite/')[1]}/accept`, { name: 'R', password: PASSWORD })).status).toBe(404)
    h.setNow(new Date(Date.now() + 8 * 86400_000))
    expect((await new Client(h).post(`/api/invitations/${a.body.url.split('/invite/')[1]}/accept`, { name: 'L', password: PASSWORD })).status).toBe(404)
  })

  it('refuse an email that already has an account', async () => {
    const h = await makeHarness()
    const admin = await setupOrg(h)
    const r = await admin.post('/api/users/invitations', { email: 'admin@acme.example', role: 'analyst' })
    expect(r.status).toBe(409)
    expect(r.body.error.issues[0].path).toBe('body.email')
  })
})

describe('first-run setup under a race', () => {
  it('creates exactly one organisation when two setups arrive at once', async () => {
    const h = await makeHarness()
    const body = (i: number) => ({ organisationName: `Org ${i}`, name: 'A', email: `a${i}@race.example`, password: PASSWORD })
    const results = await Promise.all([0, 1, 2].map((i) => new Client(h).post('/api/setup', body(i))))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'setup_done')).toBe(true)
    expect(await h.deps.database.db.selectFrom('organisation').selectAll().execute()).toHaveLength(1)
    expect(await h.deps.database.db.selectFrom('user').selectAll().execute()).toHaveLength(1)
  })
})
