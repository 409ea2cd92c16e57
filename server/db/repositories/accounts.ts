import type { Db } from '../database.ts'
import type { InvitationTable, UserTable } from '../schema.ts'
import type { Insertable } from 'kysely'

// Users, sessions, invitations, login failures: all account SQL lives here.

export function countOrganisations(db: Db) {
  return db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
}

export function insertOrganisation(db: Db, row: { id: string; name: string; created_at: string }) {
  return db.insertInto('organisation').values(row)
}

/**
 * The first organisation of an installation, only while there is none: two first-run setups racing
 * cannot both succeed (the loser's write changes nothing).
 */
export function insertFirstOrganisation(db: Db, row: { id: string; name: string; created_at: string }) {
  return db
    .insertInto('organisation')
    .columns(['id', 'name', 'created_at'])
    .expression(
      db
        .selectNoFrom((eb) => [eb.val(row.id).as('id'), eb.val(row.name).as('name'), eb.val(row.created_at).as('created_at')])
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('organisation').select('id')))),
    )
}

export function findOrganisation(db: Db, id: string) {
  return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertUser(db: Db, row: Insertable<UserTable>) {
  return db.insertInto('user').values(row)
}

/** A user of an organisation created in the same atomic write: written only if that organisation exists. */
export function insertUserOfNewOrganisation(db: Db, row: Insertable<UserTable>) {
  return db
    .insertInto('user')
    .columns(['id', 'org_id', 'email', 'name', 'role', 'password_hash', 'active', 'created_at', 'updated_at'])
    .expression((eb) =>
      eb
        .selectFrom('organisation')
        .select([
          eb.val(row.id).as('id'),
          'organisation.id as org_id',
          eb.val(row.email).as('email'),
          eb.val(row.name).as('name'),
          eb.val(row.role).as('role'),
          eb.val(row.password_hash).as('password_hash'),
          eb.val(row.active ?? 1).as('active'),
          eb.val(row.created_at).as('created_at'),
          eb.val(row.updated_at).as('updated_at'),
        ])
        .where('organisation.id', '=', row.org_id),
    )
}

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('user').selectAll().where('email', '=', email).executeTakeFirst()
}

export function findUserById(db: Db, orgId: string, id: string) {
  return db.selectFrom('user').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

export function listUsers(db: Db, orgId: string) {
  return db
    .selectFrom('user')
    .select(['id', 'email', 'name', 'role', 'active', 'created_at'])
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute()
}

export function updateUser(db: Db, orgId: string, id: string, patch: Partial<Pick<UserTable, 'role' | 'active' | 'name' | 'password_hash' | 'updated_at'>>) {
  return db.updateTable('user').set(patch).where('org_id', '=', orgId).where('id', '=', id)
}

export function countActiveAdmins(db: Db, orgId: string) {
  return db
    .selectFrom('user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow()
}

export function insertSession(db: Db, row: { id_hash: string; user_id: string; org_id: string; csrf_token: string; created_at: string; expires_at: string }) {
  return db.insertInto('session').values(row)
}

export function findSessionWithUser(db: Db, idHash: string, now: string) {
  return db
    .selectFrom('session')
    .innerJoin('user', 'user.id', 'session.user_id')
    .select(['session.id_hash', 'session.csrf_token', 'session.org_id', 'user.id as user_id', 'user.role', 'user.name', 'user.email', 'user.active'])
    .where('session.id_hash', '=', idHash)
    .where('session.expires_at', '>', now)
    .executeTakeFirst()
}

export function deleteSession(db: Db, idHash: string) {
  return db.deleteFrom('session').where('id_hash', '=', idHash)
}

export function deleteUserSessions(db: Db, userId: string) {
  return db.deleteFrom('session').where('user_id', '=', userId)
}

export function insertAuthFailure(db: Db, row: { id: string; key_hash: string; at: string }) {
  return db.insertInto('auth_failure').values(row)
}

export async function countAuthFailures(db: Db, keyHash: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('auth_failure')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key_hash', '=', keyHash)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export function deleteAuthFailures(db: Db, keyHash: string) {
  return db.deleteFrom('auth_failure').where('key_hash', '=', keyHash)
}

export function insertInvitation(db: Db, row: Insertable<InvitationTable>) {
  return db.insertInto('invitation').values(row)
}

export function listInvitations(db: Db, orgId: string) {
  return db
    .selectFrom('invitation')
    .select(['id', 'email', 'role', 'created_at', 'expires_at', 'accepted_at', 'revoked_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .execute()
}

export function findInvitationByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('invitation')
    .innerJoin('organisation', 'organisation.id', 'invitation.org_id')
    .select(['invitation.id', 'invitation.org_id', 'invitation.email', 'invitation.role', 'invitation.expires_at', 'invitation.accepted_at', 'invitation.revoked_at', 'organisation.name as org_name'])
    .where('invitation.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

/** Marks the invitation used; the `accepted_at is null` condition makes a second use change nothing. */
export function acceptInvitation(db: Db, id: string, now: string) {
  return db
    .updateTable('invitation')
    .set({ accepted_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
}

export function revokeInvitation(db: Db, orgId: string, id: string, now: string) {
  return db
    .updateTable('invitation')
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
}

/**
 * Creates the invited user only while the invitation is still unused, in the same atomic write that
 * marks it used: two people racing on one link cannot both get in.
 */
export function insertUserFromInvitation(db: Db, invitationId: string, now: string, user: Omit<Insertable<UserTable>, 'org_id' | 'email' | 'role'>) {
  return db
    .insertInto('user')
    .columns(['id', 'org_id', 'email', 'name', 'role', 'password_hash', 'active', 'created_at', 'updated_at'])
    .expression((eb) =>
      eb
        .selectFrom('invitation')
        .select([
          eb.val(user.id).as('id'),
          'invitation.org_id',
          'invitation.email',
          eb.val(user.name).as('name'),
          'invitation.role',
          eb.val(user.password_hash).as('password_hash'),
          eb.val(1).as('active'),
          eb.val(now).as('created_at'),
          eb.val(now).as('updated_at'),
        ])
        .where('invitation.id', '=', invitationId)
        .where('invitation.accepted_at', 'is', null)
        .where('invitation.revoked_at', 'is', null)
        .where('invitation.expires_at', '>', now),
    )
}
