import type { Compilable } from 'kysely'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { AppError, conflict, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZAcceptInviteInput, ZIdParam, ZInviteInput, ZUserPatch } from '../../shared/schemas.ts'
import { newId, newToken } from '../../shared/ids.ts'
import { hashPassword, sha256 } from '../lib/crypto.ts'
import { startSession } from '../lib/sessions.ts'
import {
  acceptInvitation,
  countActiveAdmins,
  deleteUserSessions,
  findInvitationByTokenHash,
  findUserByEmail,
  findUserById,
  insertInvitation,
  insertUserFromInvitation,
  listInvitations,
  listUsers,
  revokeInvitation,
  updateUser,
} from '../db/repositories/accounts.ts'

export const INVITATION_DAYS = 7
const ZInviteToken = z.object({ token: z.string().min(16).max(64) })

/** Users of the signed-in organisation, and invitations to join it. */
export const userRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List the organisation’s users', { tag: 'users' }), requirePermission('users:manage'), async (c) => {
    const users = await listUsers(c.var.deps.database.db, c.var.session.orgId)
    return c.json({ users: users.map((u) => ({ ...u, active: u.active === 1 })) })
  })
  .patch('/:id', describe('Change a user’s role, name or active flag; deactivation ends their sessions', { tag: 'users' }), requirePermission('users:manage'), validate('param', ZIdParam), validate('json', ZUserPatch), async (c) => {
    const { id } = c.req.valid('param')
    const patch = c.req.valid('json')
    const { database, now } = c.var.deps
    const orgId = c.var.session.orgId
    const user = await findUserById(database.db, orgId, id)
    if (!user) throw notFound('No such user')
    const losesAdmin = user.role === 'admin' && user.active === 1 && ((patch.role && patch.role !== 'admin') || patch.active === false)
    if (losesAdmin && Number((await countActiveAdmins(database.db, orgId)).n) <= 1) throw conflict('The organisation must keep at least one active admin')
    const statements: Compilable[] = [
      updateUser(database.db, orgId, id, {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.name ? { name: patch.name } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
        updated_at: now().toISOString(),
      }),
    ]
    if (patch.active === false || patch.role) statements.push(deleteUserSessions(database.db, id))
    await database.atomic(statements)
    return c.json({ ok: true })
  })
  .get('/invitations', describe('List invitations', { tag: 'users' }), requirePermission('users:manage'), async (c) => {
    return c.json({ invitations: await listInvitations(c.var.deps.database.db, c.var.session.orgId) })
  })
  .post('/invitations', describe('Invite someone: returns a single-use link to copy (expires in 7 days)', { tag: 'users' }), requirePermission('users:manage'), validate('json', ZInviteInput), async (c) => {
    const { email, role } = c.req.valid('json')
    const { database, now } = c.var.deps
    if (await findUserByEmail(database.db, email)) throw new AppError('conflict', 'Someone with this email already has an account', [{ path: 'body.email', message: 'already has an account' }])
    const token = newToken(24)
    const at = now()
    const row = {
      id: newId(),
      org_id: c.var.session.orgId,
      email,
      role,
      token_hash: await sha256(token),
      created_by: c.var.session.userId,
      created_at: at.toISOString(),
      expires_at: new Date(at.getTime() + INVITATION_DAYS * 86400_000).toISOString(),
      accepted_at: null,
      revoked_at: null,
    }
    await insertInvitation(database.db, row).execute()
    const url = new URL(`/invite/${token}`, c.req.url).toString()
    return c.json({ invitation: { id: row.id, email, role, expires_at: row.expires_at }, url }, 201)
  })
  .delete('/invitations/:id', describe('Revoke an unused invitation', { tag: 'users' }), requirePermission('users:manage'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const [changed] = await c.var.deps.database.atomic([revokeInvitation(c.var.deps.database.db, c.var.session.orgId, id, c.var.deps.now().toISOString())])
    if (!changed) throw notFound('No such unused invitation')
    return c.json({ ok: true })
  })

/** The invitee's side: no session yet, the token is the credential. */
export const invitationRoutes = new Hono<Env>()
  .get('/:token', describe('What an invitation link is for', { tag: 'users', auth: false }), validate('param', ZInviteToken), async (c) => {
    const inv = await findInvitationByTokenHash(c.var.deps.database.db, await sha256(c.req.valid('param').token))
    const now = c.var.deps.now().toISOString()
    if (!inv || inv.accepted_at || inv.revoked_at || inv.expires_at <= now) throw notFound('This invitation link is not valid: it may have been used, revoked or have expired')
    return c.json({ email: inv.email, role: inv.role, organisation: inv.org_name, expiresAt: inv.expires_at })
  })
  .post('/:token/accept', describe('Accept an invitation: creates the account and signs in', { tag: 'users', auth: false }), validate('param', ZInviteToken), validate('json', ZAcceptInviteInput), async (c) => {
    const { name, password } = c.req.valid('json')
    const { database, now } = c.var.deps
    const inv = await findInvitationByTokenHash(database.db, await sha256(c.req.valid('param').token))
    const at = now()
    if (!inv) throw notFound('This invitation link is not valid')
    if (await findUserByEmail(database.db, inv.email)) throw conflict('This invitation has already been used')
    const userId = newId()
    const [created] = await database.atomic([
      insertUserFromInvitation(database.db, inv.id, at.toISOString(), { id: userId, name, password_hash: await hashPassword(password), active: 1, created_at: at.toISOString(), updated_at: at.toISOString() }),
      acceptInvitation(database.db, inv.id, at.toISOString()),
    ])
    if (!created) throw notFound('This invitation link is not valid: it may have been used, revoked or have expired')
    const csrfToken = await startSession(c, database, { id: userId, org_id: inv.org_id }, at)
    return c.json({ user: { id: userId, name, email: inv.email, role: inv.role }, organisation: { id: inv.org_id, name: inv.org_name }, csrfToken }, 201)
  })
