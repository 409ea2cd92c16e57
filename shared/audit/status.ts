/**
 * The assignment's status flow (DOMAIN.md, "Mystery shopping"), enforced by the server: a request
 * for any other move is a 409 and changes nothing.
 *
 *   assigned → accepted → in_progress → submitted → returned ⇄ resubmitted → approved | rejected
 *
 * A location manager's upheld dispute withdraws an approved audit (approved → rejected).
 */

export const ASSIGNMENT_STATUSES = ['assigned', 'accepted', 'in_progress', 'submitted', 'returned', 'resubmitted', 'approved', 'rejected'] as const
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number]

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  assigned: 'Assigned',
  accepted: 'Accepted',
  in_progress: 'In progress',
  submitted: 'Submitted',
  returned: 'Returned for changes',
  resubmitted: 'Resubmitted',
  approved: 'Approved',
  rejected: 'Rejected',
}

/** Who moves an assignment: the shopper it is given to, a reviewer, or a location manager's dispute. */
export type AssignmentActor = 'shopper' | 'reviewer' | 'dispute'

export const ASSIGNMENT_ACTIONS = ['accept', 'start', 'submit', 'resubmit', 'return', 'approve', 'reject', 'withdraw'] as const
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number]

/** Every legal move: action → from which statuses, to which status, by whom. */
export const TRANSITIONS: Record<AssignmentAction, { from: readonly AssignmentStatus[]; to: AssignmentStatus; by: AssignmentActor }> = {
  accept: { from: ['assigned'], to: 'accepted', by: 'shopper' },
  start: { from: ['accepted'], to: 'in_progress', by: 'shopper' },
  submit: { from: ['in_progress'], to: 'submitted', by: 'shopper' },
  resubmit: { from: ['returned'], to: 'resubmitted', by: 'shopper' },
  return: { from: ['submitted', 'resubmitted'], to: 'returned', by: 'reviewer' },
  approve: { from: ['submitted', 'resubmitted'], to: 'approved', by: 'reviewer' },
  reject: { from: ['submitted', 'resubmitted'], to: 'rejected', by: 'reviewer' },
  withdraw: { from: ['approved'], to: 'rejected', by: 'dispute' },
}

/** The status an action leads to from `from`, or null when the move is illegal. */
export function nextStatus(from: AssignmentStatus, action: AssignmentAction): AssignmentStatus | null {
  const t = TRANSITIONS[action]
  return t.from.includes(from) ? t.to : null
}

/** Statuses in which the shopper may still change answers (drafts, photos). */
export const SHOPPER_EDITABLE: readonly AssignmentStatus[] = ['accepted', 'in_progress', 'returned']
/** Statuses waiting for a reviewer. */
export const AWAITING_REVIEW: readonly AssignmentStatus[] = ['submitted', 'resubmitted']
/** Only approved audits count in results. */
export const COUNTS_IN_RESULTS: readonly AssignmentStatus[] = ['approved']
