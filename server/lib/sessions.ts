import type { Compilable } from 'kysely'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppDatabase } from '../db/database.ts'
import { deleteSession, insertSession } from '../db/repositories/accounts.ts'
import { sha256 } from '../lib/crypto.ts'
import { newToken } from '../../shared/ids.ts'

export const SESSION_COOKIE = 'ys_session'
/** Under HTTPS the cookie gets the __Host- prefix: Secure, Path=/, no Domain. */
export const SECURE_SESSION_COOKIE = '__Host-ys_session'
export const SESSION_DAYS = 14

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

/**
 * Starts a fresh session (a new random id every login: rotation), ending the one the request
 * carried, and sets the cookie. Returns the CSRF token the client must echo on writes.
 */
export async function startSession(c: Context, database: AppDatabase, user: { id: string; org_id: string }, now: Date, previousHash?: string): Promise<string> {
  const token = newToken(32)
  const csrf = newToken(24)
  const expires = new Date(now.getTime() + SESSION_DAYS * 86400_000)
  const statements: Compilable[] = [
    insertSession(database.db, { id_hash: await sha256(token), user_id: user.id, org_id: user.org_id, csrf_token: csrf, created_at: now.toISOString(), expires_at: expires.toISOString() }),
  ]
  if (previousHash) statements.unshift(deleteSession(database.db, previousHash))
  await database.atomic(statements)
  const secure = isHttps(c)
  setCookie(c, secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires,
  })
  return csrf
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
  deleteCookie(c, SECURE_SESSION_COOKIE, { path: '/', secure: true })
}

/** The session token from whichever cookie this request carries. */
export function readSessionToken(c: Context): string | undefined {
  return getCookie(c, SECURE_SESSION_COOKIE) ?? getCookie(c, SESSION_COOKIE)
}
