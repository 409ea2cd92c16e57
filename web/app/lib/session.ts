import { createSignal } from 'solid-js'
import { can, type Permission, type Role } from '../../../shared/roles.ts'
import { setCsrfToken, type SessionInfo } from './api.ts'

const [session, setSessionSignal] = createSignal<SessionInfo | null>(null)

/** The signed-in user and organisation, or null before sign-in. */
export { session }

export function setSession(next: SessionInfo | null): void {
  setCsrfToken(next?.csrfToken ?? '')
  setSessionSignal(next)
}

export function currentRole(): Role | null {
  return (session()?.user.role as Role | undefined) ?? null
}

/** Whether the signed-in user may do something; the server enforces the same table. */
export function allowed(permission: Permission): boolean {
  const role = currentRole()
  return role !== null && can(role, permission)
}

/** Whether this installation still needs its first-run setup; undefined until asked. */
export const [needsSetup, setNeedsSetup] = createSignal<boolean | undefined>(undefined)
