import { describe, expect, it } from 'vitest'
import { ASSIGNMENT_ACTIONS, ASSIGNMENT_STATUSES, AWAITING_REVIEW, COUNTS_IN_RESULTS, SHOPPER_EDITABLE, TRANSITIONS, nextStatus, type AssignmentAction, type AssignmentStatus } from '../../shared/audit/status.ts'

/** The documented flow (DOMAIN.md, docs/audits.md), written out by hand: every legal move. */
const LEGAL: Array<[AssignmentStatus, AssignmentAction, AssignmentStatus]> = [
  ['assigned', 'accept', 'accepted'],
  ['accepted', 'start', 'in_progress'],
  ['in_progress', 'submit', 'submitted'],
  ['submitted', 'return', 'returned'],
  ['submitted', 'approve', 'approved'],
  ['submitted', 'reject', 'rejected'],
  ['returned', 'resubmit', 'resubmitted'],
  ['resubmitted', 'return', 'returned'],
  ['resubmitted', 'approve', 'approved'],
  ['resubmitted', 'reject', 'rejected'],
  ['approved', 'withdraw', 'rejected'],
]

describe('the assignment status flow', () => {
  const pairs = ASSIGNMENT_STATUSES.flatMap((status) => ASSIGNMENT_ACTIONS.map((action) => [status, action] as const))

  it.each(pairs)('%s + %s', (status, action) => {
    const legal = LEGAL.find(([from, a]) => from === status && a === action)
    expect(nextStatus(status, action)).toBe(legal ? legal[2] : null)
  })

  it('covers all 8 statuses × 8 actions, 11 of them legal', () => {
    expect(pairs).toHaveLength(64)
    expect(pairs.filter(([s, a]) => nextStatus(s, a) !== null)).toHaveLength(LEGAL.length)
  })

  it('walks the happy path from assigned to approved', () => {
    let status: AssignmentStatus = 'assigned'
    for (const action of ['accept', 'start', 'submit', 'approve'] as const) status = nextStatus(status, action)!
    expect(status).toBe('approved')
  })

  it('loops return ⇄ resubmit as often as the reviewer needs, then ends', () => {
    let status: AssignmentStatus = 'submitted'
    for (let round = 0; round < 3; round++) {
      status = nextStatus(status, 'return')!
      expect(status).toBe('returned')
      status = nextStatus(status, 'resubmit')!
      expect(status).toBe('resubmitted')
    }
    expect(nextStatus(status, 'reject')).toBe('rejected')
    expect(nextStatus(status, 'approve')).toBe('approved')
  })

  it('rejected is final; approved only leaves through an upheld dispute', () => {
    for (const action of ASSIGNMENT_ACTIONS) expect(nextStatus('rejected', action)).toBeNull()
    expect(ASSIGNMENT_ACTIONS.filter((a) => nextStatus('approved', a) !== null)).toEqual(['withdraw'])
    expect(TRANSITIONS.withdraw.by).toBe('dispute')
  })

  it('shoppers move their own work forward, reviewers decide', () => {
    expect(ASSIGNMENT_ACTIONS.filter((a) => TRANSITIONS[a].by === 'shopper')).toEqual(['accept', 'start', 'submit', 'resubmit'])
    expect(ASSIGNMENT_ACTIONS.filter((a) => TRANSITIONS[a].by === 'reviewer')).toEqual(['return', 'approve', 'reject'])
  })

  it('edits are open only while the shopper holds the audit; review waits on submitted and resubmitted; only approved counts', () => {
    expect([...SHOPPER_EDITABLE]).toEqual(['accepted', 'in_progress', 'returned'])
    expect([...AWAITING_REVIEW]).toEqual(['submitted', 'resubmitted'])
    expect([...COUNTS_IN_RESULTS]).toEqual(['approved'])
  })
})
