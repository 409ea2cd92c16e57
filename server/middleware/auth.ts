import { createMiddleware } from 'hono/factory'
import { AppError, forbidden } from '../errors.ts'
import type { Env } from '../env.ts'
import { can, type Permission } from '../../shared/roles.ts'
import { sha256 } from '../lib/crypto.ts'
import { findSessionWithUser } from '../db/repositories/accounts.ts'
import { readSessionToken } from '../lib/sessions.ts'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Loads the session from its cookie. Writes must also carry the session's CSRF token in
 * `X-CSRF-Token`: a cross-site form can send the cookie but cannot read the token.
 * The organisation always comes from here, never from the request.
 */
export const requireSession = createMiddleware<Env>(async function requireSession(c, next) {
  const token = readSessionToken(c)
  if (!token) throw new AppError('unauthenticated', 'Please sign in')
  const { database, now } = c.var.deps
  const idHash = await sha256(token)
  const row = await findSessionWithUser(database.db, idHash, now().toISOString())
  if (!row || row.active !== 1) throw new AppError('unauthenticated', 'Your session has ended; please sign in again')
  if (UNSAFE.has(c.req.method) && c.req.header('x-csrf-token') !== row.csrf_token)
    throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header; reload the page and try again')
  c.set('session', {
    userId: row.user_id,
    orgId: row.org_id,
    role: row.role,
    name: row.name,
    email: row.email,
    csrfToken: row.csrf_token,
    sessionHash: idHash,
  })
  await next()
})

/** 403 unless the signed-in role has the permission (see shared/roles.ts). */
export function requirePermission(permission: Permission) {
  return createMiddleware<Env>(async function requirePermission(c, next) {
    if (!can(c.var.session.role, permission)) throw forbidden()
    await next()
  })
}
