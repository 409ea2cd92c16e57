import { sql, type Compilable } from 'kysely'
import type { Db } from '../database.ts'
import { selectSummary } from './audits.ts'
import type { AssignmentStatus } from '../../../shared/audit/status.ts'
import type { AuditOutcome } from '../../../shared/audit/scoring.ts'

// The shopper's side of an audit: their own assignments, accepting, saving drafts and submitting.
// Every query names the shopper and the organisation: another shopper's assignment is not found.

function selectShopperAssignment(db: Db, orgId: string, shopperId: string) {
  return selectSummary(db)
    .select('location.address as location_address')
    .where('assignment.org_id', '=', orgId)
    .where('assignment.shopper_id', '=', shopperId)
}

export type ShopperAssignmentRow = Awaited<ReturnType<typeof listShopperAssignments>>[number]

/** The shopper's assignments in every status, soonest due first (the phone groups them by status). */
export function listShopperAssignments(db: Db, orgId: string, shopperId: string) {
  return selectShopperAssignment(db, orgId, shopperId).orderBy('assignment.due_at', 'asc').orderBy('assignment.id', 'asc').execute()
}

/** One of the shopper's assignments with its audit and the pinned version's definition; undefined when not theirs. */
export function findShopperAssignment(db: Db, orgId: string, shopperId: string, id: string) {
  return selectShopperAssignment(db, orgId, shopperId)
    .select(['assignment.answers', 'assignment.revision', 'assignment.visit_started_at', 'assignment.visit_ended_at', 'audit_template_version.definition'])
    .where('assignment.id', '=', id)
    .executeTakeFirst()
}

/** Status moves that carry a message (a reviewer's comments on a return), oldest first, with who wrote them. */
export function listAssignmentComments(db: Db, orgId: string, assignmentId: string) {
  return db
    .selectFrom('assignment_event as e')
    .leftJoin('user as u', 'u.id', 'e.user_id')
    .select(['e.at', 'u.name as user_name', 'e.message', 'e.to_status'])
    .where('e.org_id', '=', orgId)
    .where('e.assignment_id', '=', assignmentId)
    .where('e.kind', '=', 'status')
    .where('e.message', '<>', '')
    .orderBy('e.at', 'asc')
    .orderBy('e.id', 'asc')
    .execute()
}

/** The state a write expects to find: it applies only if the assignment is still in it. */
export interface ExpectedState {
  orgId: string
  shopperId: string
  assignmentId: string
  status: AssignmentStatus
  revision: number
}

export interface StatusEvent {
  id: string
  at: string
  userId: string
  from: AssignmentStatus
  to: AssignmentStatus
}

/**
 * A status event, inserted only while the assignment is still in the expected state. It goes
 * before the update that moves the status, so both change a row or neither does (the batch
 * cannot branch on the update's result on D1).
 */
function insertStatusEventIf(db: Db, expected: ExpectedState, e: StatusEvent): Compilable {
  const query = sql`insert into "assignment_event" ("id", "org_id", "assignment_id", "at", "user_id", "kind", "from_status", "to_status", "message")
    select ${e.id}, ${expected.orgId}, ${expected.assignmentId}, ${e.at}, ${e.userId}, 'status', ${e.from}, ${e.to}, ''
    where exists (select 1 from "assignment" where "id" = ${expected.assignmentId} and "org_id" = ${expected.orgId} and "shopper_id" = ${expected.shopperId} and "status" = ${expected.status} and "revision" = ${expected.revision})`
  return { compile: () => query.compile(db) }
}

function updateIf(db: Db, expected: ExpectedState) {
  return db
    .updateTable('assignment')
    .where('id', '=', expected.assignmentId)
    .where('org_id', '=', expected.orgId)
    .where('shopper_id', '=', expected.shopperId)
    .where('status', '=', expected.status)
    .where('revision', '=', expected.revision)
}

/** assigned → accepted. The update is statement 2: its count says whether the move happened. */
export function acceptAssignment(db: Db, expected: ExpectedState, event: StatusEvent): Compilable[] {
  return [insertStatusEventIf(db, expected, event), updateIf(db, expected).set({ status: event.to, accepted_at: event.at, updated_at: event.at })]
}

export interface AuditSave {
  /** JSON of the checked answers. */
  answers: string
  visitStartedAt: string | null
  visitEndedAt: string | null
  scorePercent: number | null
  outcome: AuditOutcome | null
  earned: number
  possible: number
  insufficient: boolean
  at: string
}

/**
 * Saves the answers as revision + 1, only while the assignment is at the expected revision and
 * status: of two saves racing from the same revision, one wins and the other changes nothing.
 * With a status event (the first save starting the audit, a submit) the event goes in too. The
 * update is the last statement: its count says whether the save happened.
 */
export function saveAudit(db: Db, expected: ExpectedState, save: AuditSave, event?: StatusEvent & { submitted?: boolean }): Compilable[] {
  const statements: Compilable[] = []
  if (event) statements.push(insertStatusEventIf(db, expected, event))
  statements.push(
    updateIf(db, expected).set({
      answers: save.answers,
      revision: expected.revision + 1,
      visit_started_at: save.visitStartedAt,
      visit_ended_at: save.visitEndedAt,
      score_percent: save.scorePercent,
      outcome: save.outcome,
      earned: save.earned,
      possible: save.possible,
      insufficient: save.insufficient ? 1 : 0,
      updated_at: save.at,
      ...(event ? { status: event.to } : {}),
      ...(event?.submitted ? { submitted_at: save.at } : {}),
    }),
  )
  return statements
}

/** The stored revision and status of the shopper's assignment (after a save that changed nothing). */
export function findAssignmentState(db: Db, orgId: string, shopperId: string, id: string) {
  return db.selectFrom('assignment').select(['status', 'revision']).where('org_id', '=', orgId).where('shopper_id', '=', shopperId).where('id', '=', id).executeTakeFirst()
}
