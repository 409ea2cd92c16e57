import { Hono } from 'hono'
import type { Env } from '../env.ts'
import { AppError } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requireSession } from '../middleware/auth.ts'
import { ZChangePasswordInput, ZLoginInput, ZSetupInput } from '../../shared/schemas.ts'
import { newId } from '../../shared/ids.ts'
import { DUMMY_PASSWORD_HASH, hashPassword, sha256, verifyPassword } from '../lib/crypto.ts'
import { clearSessionCookie, readSessionToken, startSession } from '../lib/sessions.ts'
import {
  countAuthFailures,
  countOrganisations,
  deleteAuthFailures,
  deleteSession,
  deleteUserSessions,
  findOrganisation,
  findUserByEmail,
  findUserById,
  insertAuthFailure,
  insertFirstOrganisation,
  insertUserOfNewOrganisation,
  updateUser,
} from '../db/repositories/accounts.ts'

/** Failed sign-ins allowed per email and per client address within the window, before a 429. */
export const LOGIN_LIMITS = { perEmail: 5, perAddress: 30, windowMinutes: 15 }

export const authRoutes = new Hono<Env>()
  .get('/setup', describe('Whether the first-run setup is still needed', { tag: 'auth', auth: false }), async (c) => {
    const { n } = await countOrganisations(c.var.deps.database.db)
    return c.json({ needsSetup: Number(n) === 0 })
  })
  .post('/setup', describe('First run: create the organisation and its first admin', { tag: 'auth', auth: false }), validate('json', ZSetupInput), async (c) => {
    const input = c.req.valid('json')
    const { database, now } = c.var.deps
    const { n } = await countOrganisations(database.db)
    if (Number(n) > 0) throw new AppError('setup_done', 'This installation is already set up; sign in instead')
    const at = now().toISOString()
    const org = { id: newId(), name: input.organisationName, created_at: at }
    const user = { id: newId(), org_id: org.id, email: input.email, name: input.name, role: 'admin' as const, password_hash: await hashPassword(input.password), active: 1, created_at: at, updated_at: at }
    // Both writes are conditional: a setup that lost a race writes nothing at all.
    const [created] = await database.atomic([insertFirstOrganisation(database.db, org), insertUserOfNewOrganisation(database.db, user)])
    if (!created) throw new AppError('setup_done', 'This installation is already set up; sign in instead')
    const csrfToken = await startSession(c, database, user, now())
    return c.json({ user: { id: user.id, name: user.name, email: user.email, role: user.role }, organisation: { id: org.id, name: org.name }, csrfToken }, 201)
  })
  .post('/auth/login', describe('Sign in with email and password', { tag: 'auth', auth: false }), validate('json', ZLoginInput), async (c) => {
    const { email, password } = c.req.valid('json')
    const { database, now, clientAddress } = c.var.deps
    const at = now()
    const since = new Date(at.getTime() - LOGIN_LIMITS.windowMinutes * 60_000).toISOString()
    const emailKey = await sha256(`email:${email}`)
    const addressKey = await sha256(`addr:${clientAddress(c)}`)
    const [byEmail, byAddress] = await Promise.all([countAuthFailures(database.db, emailKey, since), countAuthFailures(database.db, addressKey, since)])
    if (byEmail >= LOGIN_LIMITS.perEmail || byAddress >= LOGIN_LIMITS.perAddress)
      throw new AppError('rate_limited', `Too many failed sign-ins; try again in ${LOGIN_LIMITS.windowMinutes} minutes`, undefined, { 'Retry-After': String(LOGIN_LIMITS.windowMinutes * 60) })

    const user = await findUserByEmail(database.db, email)
    // Verify against a dummy hash when the email is unknown: same answer, same time.
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_PASSWORD_HASH)
    if (!user || !ok || user.active !== 1) {
      const t = at.toISOString()
      await database.atomic([insertAuthFailure(database.db, { id: newId(), key_hash: emailKey, at: t }), insertAuthFailure(database.db, { id: newId(), key_hash: addressKey, at: t })])
      throw new AppError('unauthenticated', 'Email or password is incorrect')
    }
    const previousToken = readSessionToken(c)
    const previous = previousToken ? await sha256(previousToken) : undefined
    const csrfToken = await startSession(c, database, user, at, previous)
    await deleteAuthFailures(database.db, emailKey).execute()
    const org = await findOrganisation(database.db, user.org_id)
    return c.json({ user: { id: user.id, name: user.name, email: user.email, role: user.role }, organisation: { id: user.org_id, name: org?.name ?? '' }, csrfToken })
  })
  .post('/auth/logout', describe('Sign out: ends this session', { tag: 'auth' }), requireSession, async (c) => {
    await deleteSession(c.var.deps.database.db, c.var.session.sessionHash).execute()
    clearSessionCookie(c)
    return c.json({ ok: true })
  })
  .get('/auth/me', describe('The signed-in user, organisation and CSRF token', { tag: 'auth' }), requireSession, async (c) => {
    const s = c.var.session
    const org = await findOrganisation(c.var.deps.database.db, s.orgId)
    return c.json({ user: { id: s.userId, name: s.name, email: s.email, role: s.role }, organisation: { id: s.orgId, name: org?.name ?? '' }, csrfToken: s.csrfToken })
  })
  .post('/auth/password', describe('Change your password: ends every other session', { tag: 'auth' }), requireSession, validate('json', ZChangePasswordInput), async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json')
    const { database, now } = c.var.deps
    const s = c.var.session
    const user = await findUserById(database.db, s.orgId, s.userId)
    if (!user || !(await verifyPassword(currentPassword, user.password_hash)))
      throw new AppError('validation_failed', 'Current password is incorrect', [{ path: 'body.currentPassword', message: 'is incorrect' }])
    const at = now()
    await database.atomic([
      updateUser(database.db, s.orgId, s.userId, { password_hash: await hashPassword(newPassword), updated_at: at.toISOString() }),
      deleteUserSessions(database.db, s.userId),
    ])
    const csrfToken = await startSession(c, database, user, at)
    return c.json({ ok: true, csrfToken })
  })
