import { describe, expect, it } from 'vitest'
import { addWorkingHours, caseFigures, caseOpeningFor, escalationFor, moveProblem, quantile, workingHoursBetween, type CaseFigureRow } from '../../server/domain/cases.ts'
import { DEFAULT_CASE_RULES, DEFAULT_SLA, ZCaseSettingsInput, ZComplaintInput, type TSla } from '../../shared/cases.ts'

const UTC: TSla = { ...DEFAULT_SLA, timeZone: 'UTC' }
const at = (iso: string) => new Date(iso)

describe('SLA arithmetic in working hours', () => {
  it('counts only working hours of working days', () => {
    // Wed 2026-12-09 10:00 + 4 h = 14:00 the same day.
    expect(addWorkingHours(at('2026-12-09T10:00:00Z'), 4, UTC).toISOString()).toBe('2026-12-09T14:00:00.000Z')
    // 16 h (two working days) from Wed 10:00 = Fri 10:00.
    expect(addWorkingHours(at('2026-12-09T10:00:00Z'), 16, UTC).toISOString()).toBe('2026-12-11T10:00:00.000Z')
  })

  it('carries across the weekend', () => {
    // Fri 2026-12-11 16:00 + 2 h: one hour on Friday, one on Monday → Mon 10:00.
    expect(addWorkingHours(at('2026-12-11T16:00:00Z'), 2, UTC).toISOString()).toBe('2026-12-14T10:00:00.000Z')
    // Opened on Saturday: counts from Monday's opening.
    expect(addWorkingHours(at('2026-12-12T11:30:00Z'), 3, UTC).toISOString()).toBe('2026-12-14T12:00:00.000Z')
  })

  it('starts out-of-hours cases at the next opening', () => {
    // Tue 20:00 → Wed 09:00 + 1 h.
    expect(addWorkingHours(at('2026-12-08T20:00:00Z'), 1, UTC).toISOString()).toBe('2026-12-09T10:00:00.000Z')
    // Tue 06:00 → Tue 09:00 + 8 h = Tue 17:00 exactly.
    expect(addWorkingHours(at('2026-12-08T06:00:00Z'), 8, UTC).toISOString()).toBe('2026-12-08T17:00:00.000Z')
  })

  it('skips holidays and honours the time zone, across a clock change', () => {
    const xmas: TSla = { ...UTC, holidays: ['2026-12-25'] }
    // Thu 24 Dec 16:00 + 2 h: 1 h Thursday, Friday is a holiday, weekend → Mon 28 Dec 10:00.
    expect(addWorkingHours(at('2026-12-24T16:00:00Z'), 2, xmas).toISOString()).toBe('2026-12-28T10:00:00.000Z')
    // London in summer (UTC+1): 09:00 local is 08:00 UTC.
    const london: TSla = { ...DEFAULT_SLA, timeZone: 'Europe/London' }
    expect(addWorkingHours(at('2026-07-01T07:00:00Z'), 1, london).toISOString()).toBe('2026-07-01T09:00:00.000Z')
    // Fri 27 Mar 2026 16:30 BST-eve (UTC+0) + 1 h → Mon 30 Mar 09:30 BST (08:30 UTC), the clocks went forward on Sunday.
    expect(addWorkingHours(at('2026-03-27T16:30:00Z'), 1, london).toISOString()).toBe('2026-03-30T08:30:00.000Z')
  })

  it('measures working hours between two instants', () => {
    expect(workingHoursBetween(at('2026-12-11T16:00:00Z'), at('2026-12-14T10:00:00Z'), UTC)).toBe(2)
    expect(workingHoursBetween(at('2026-12-14T10:00:00Z'), at('2026-12-11T16:00:00Z'), UTC)).toBe(0)
    expect(workingHoursBetween(at('2026-12-12T10:00:00Z'), at('2026-12-13T10:00:00Z'), UTC)).toBe(0)
  })
})

describe('case rules', () => {
  const facts = { nps: null, csat: null, negativeComment: false, criticalAudit: false }
  it('opens a case per trigger, with the rule priority', () => {
    expect(caseOpeningFor(DEFAULT_CASE_RULES, { ...facts, nps: 6 })).toMatchObject({ trigger: 'nps_detractor', priority: 'normal' })
    expect(caseOpeningFor(DEFAULT_CASE_RULES, { ...facts, nps: 7 })).toBeNull()
    expect(caseOpeningFor(DEFAULT_CASE_RULES, { ...facts, csat: 2 })).toMatchObject({ trigger: 'csat_low' })
    expect(caseOpeningFor(DEFAULT_CASE_RULES, { ...facts, csat: 3 })).toBeNull()
    expect(caseOpeningFor(DEFAULT_CASE_RULES, { ...facts, negativeComment: true })).toMatchObject({ trigger: 'negative_comment', priority: 'low' })
    expect(caseOpeningFor(DEFAULT_CASE_RULES, { ...facts, criticalAudit: true })).toMatchObject({ trigger: 'critical_audit', priority: 'high' })
  })

  it('names every reason and takes the most urgent rule', () => {
    const rules = { ...DEFAULT_CASE_RULES, csatLow: { enabled: true, maxScore: 2, priority: 'urgent' as const } }
    const o = caseOpeningFor(rules, { ...facts, nps: 2, csat: 1, negativeComment: true })!
    expect(o.trigger).toBe('csat_low')
    expect(o.priority).toBe('urgent')
    expect(o.reasons).toEqual(['NPS answer 2 (detractor)', 'CSAT answer 1 of 5', 'A comment tagged negative'])
  })

  it('respects disabled rules', () => {
    const rules = { ...DEFAULT_CASE_RULES, npsDetractor: { ...DEFAULT_CASE_RULES.npsDetractor, enabled: false } }
    expect(caseOpeningFor(rules, { ...facts, nps: 0 })).toBeNull()
  })
})

describe('moves and escalation', () => {
  it('allows only the listed moves, and resolving needs a root cause and a resolution', () => {
    expect(moveProblem('open', 'in_progress', { rootCause: '', resolution: '' })).toBeNull()
    expect(moveProblem('closed', 'resolved', { rootCause: 'process', resolution: 'x' })).toMatchObject({ path: 'body.status' })
    expect(moveProblem('open', 'resolved', { rootCause: '', resolution: 'Called back' })).toMatchObject({ path: 'body.rootCause' })
    expect(moveProblem('open', 'resolved', { rootCause: 'process', resolution: ' ' })).toMatchObject({ path: 'body.resolution' })
    expect(moveProblem('in_progress', 'resolved', { rootCause: 'process', resolution: 'Refunded' })).toBeNull()
  })

  it('escalates once past due, then every escalateEveryHours working hours, up to the contacts', () => {
    const sla: TSla = { ...UTC, escalationUserIds: ['01K00000000000000000000001', '01K00000000000000000000002'], escalateEveryHours: 8 }
    const c = { status: 'open' as const, escalation_level: 0, due_at: '2026-12-11T16:00:00.000Z', owner_id: null }
    expect(escalationFor(c, sla, at('2026-12-11T15:59:00Z'))).toBeNull()
    expect(escalationFor(c, sla, at('2026-12-11T16:00:00Z'))).toMatchObject({ level: 1, ownerId: '01K00000000000000000000001' })
    // Level 2 is 8 working hours after due: Fri 16:00 + 8 h = Mon 16:00; on Sunday still level 1.
    expect(escalationFor(c, sla, at('2026-12-13T12:00:00Z'))).toMatchObject({ level: 1 })
    expect(escalationFor(c, sla, at('2026-12-14T16:00:00Z'))).toMatchObject({ level: 2, ownerId: '01K00000000000000000000002' })
    expect(escalationFor({ ...c, escalation_level: 2 }, sla, at('2027-01-30T00:00:00Z'))).toBeNull()
    expect(escalationFor({ ...c, status: 'resolved' }, sla, at('2027-01-30T00:00:00Z'))).toBeNull()
    // No contacts: one level, the owner keeps it.
    expect(escalationFor({ ...c, owner_id: 'me' }, UTC, at('2026-12-20T00:00:00Z'))).toMatchObject({ level: 1, ownerId: 'me' })
  })
})

describe('case figures', () => {
  const row = (o: Partial<CaseFigureRow>): CaseFigureRow => ({ status: 'resolved', trigger: 'complaint', opened_at: '2026-12-01T09:00:00.000Z', due_at: '2026-12-03T09:00:00.000Z', resolved_at: null, root_cause: '', first_contact: null, ...o })
  it('computes within-SLA share, median and 90th percentile, FCR and root causes', () => {
    const resolved = [
      row({ resolved_at: '2026-12-01T11:00:00.000Z', root_cause: 'process', first_contact: 1 }), // 2 h, in time
      row({ resolved_at: '2026-12-02T09:00:00.000Z', root_cause: 'process', first_contact: 0 }), // 24 h, in time
      row({ resolved_at: '2026-12-04T09:00:00.000Z', root_cause: 'training', first_contact: 0 }), // 72 h, late
      row({ resolved_at: '2026-12-01T13:00:00.000Z', root_cause: 'process' }), // 4 h, in time, FCR not recorded
    ]
    const opened = [...resolved, row({ status: 'open', due_at: '2026-12-02T00:00:00.000Z' }), row({ status: 'in_progress', due_at: '2027-01-01T00:00:00.000Z' })]
    const f = caseFigures({ from: '2026-12-01', to: '2026-12-31' }, opened, resolved, at('2026-12-05T00:00:00Z'), 6)
    expect(f.withinSla).toEqual({ count: 3, of: 4, share: 75 })
    // Hours 2, 4, 24, 72: median (4 + 24) / 2 = 14; p90 at rank 2.7 → 24 + 0.7 × 48 = 57.6.
    expect(f.timeToResolveHours.median).toBe(14)
    expect(f.timeToResolveHours.p90).toBeCloseTo(57.6, 9)
    expect(f.firstContact).toEqual({ count: 1, of: 3, share: (1 / 3) * 100 })
    expect(f.byRootCause).toEqual([{ rootCause: 'process', count: 3 }, { rootCause: 'training', count: 1 }])
    expect(f.open).toBe(2)
    expect(f.overdue).toBe(1)
    expect(f.byStatus).toMatchObject({ resolved: 4, open: 1, in_progress: 1, closed: 0 })
  })

  it('has no shares without cases', () => {
    const f = caseFigures({ from: '2026-12-01', to: '2026-12-31' }, [], [], at('2026-12-05T00:00:00Z'), 0)
    expect(f.withinSla.share).toBeNull()
    expect(f.timeToResolveHours).toEqual({ median: null, p90: null, n: 0 })
    expect(quantile([5], 0.9)).toBe(5)
  })
})

describe('case contracts', () => {
  it('names the fields of a bad complaint and bad settings', () => {
    const r = ZComplaintInput.safeParse({ channel: 'fax', title: ' ' })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['channel', 'title'])
    const s = ZCaseSettingsInput.safeParse({ rules: DEFAULT_CASE_RULES, sla: { ...DEFAULT_SLA, timeZone: 'Mars/Olympus', dayEnd: '08:00' } })
    expect(s.success).toBe(false)
    expect(s.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['sla.dayEnd', 'sla.timeZone'])
  })
})
