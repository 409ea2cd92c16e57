import { z } from 'zod'
import { ZId } from './schemas.ts'

/**
 * Follow-up cases and the complaints register (DOMAIN.md, "Closing the loop"): the contracts of
 * /api/cases, an organisation's case rules and SLA, and the figures. The names the web app needs
 * without zod are in shared/case-terms.ts.
 */

export * from './case-terms.ts'
import { CASE_CHANNELS, CASE_PRIORITIES, CASE_STATUSES, COMPLAINT_CHANNELS, ROOT_CAUSES, WEEKDAYS } from './case-terms.ts'

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`)
const required = (max: number) => text(max).min(1, 'is required')
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time (HH:MM)')

export const ZPriority = z.enum(CASE_PRIORITIES)
export const ZCaseStatus = z.enum(CASE_STATUSES)

/** Which poor experiences open a case, and at what priority. */
export const ZCaseRules = z.object({
  npsDetractor: z.object({ enabled: z.boolean(), maxScore: z.number().int().min(0, 'must be 0–10').max(10, 'must be 0–10'), priority: ZPriority }),
  csatLow: z.object({ enabled: z.boolean(), maxScore: z.number().int().min(1, 'must be 1–5').max(5, 'must be 1–5'), priority: ZPriority }),
  negativeComment: z.object({ enabled: z.boolean(), priority: ZPriority }),
  criticalAudit: z.object({ enabled: z.boolean(), priority: ZPriority }),
  /** Who a new case goes to (null: the unassigned queue). */
  defaultOwnerId: ZId.nullable(),
  /** A repeated problem: the same theme at the same location this many times within the window. */
  repeatThreshold: z.number().int().min(2, 'must be at least 2').max(100, 'must be at most 100'),
  repeatWindowDays: z.number().int().min(1, 'must be at least 1 day').max(365, 'must be at most 365 days'),
})
export type TCaseRules = z.infer<typeof ZCaseRules>

/** The promised times, counted in working hours, and who a breach escalates to. */
export const ZSla = z
  .object({
    /** IANA time zone the working hours are in. */
    timeZone: z.string().min(1, 'is required').max(64).refine(validTimeZone, 'must be a time zone such as Europe/London'),
    /** ISO weekdays that are working days (1 Monday … 7 Sunday). */
    workingDays: z.array(z.number().int().min(1).max(7)).min(1, 'needs at least one working day').max(7),
    dayStart: hhmm,
    dayEnd: hhmm,
    /** Days off (YYYY-MM-DD) besides the weekly ones. */
    holidays: z.array(z.iso.date('must be a date (YYYY-MM-DD)')).max(100).default([]),
    /** Working hours to resolve, by priority. */
    resolveHours: z.object({ urgent: hours(), high: hours(), normal: hours(), low: hours() }),
    /** Level 1, 2…: who a breached case is reassigned to (empty: it stays with its owner, marked escalated). */
    escalationUserIds: z.array(ZId).max(5).default([]),
    /** Working hours overdue before each further level. */
    escalateEveryHours: hours(),
  })
  .refine((s) => s.dayStart < s.dayEnd, { message: 'must be after dayStart', path: ['dayEnd'] })
export type TSla = z.infer<typeof ZSla>

function hours() {
  return z.number().min(0.5, 'must be at least half an hour').max(2000, 'must be at most 2000 hours')
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export const DEFAULT_CASE_RULES: TCaseRules = {
  npsDetractor: { enabled: true, maxScore: 6, priority: 'normal' },
  csatLow: { enabled: true, maxScore: 2, priority: 'normal' },
  negativeComment: { enabled: true, priority: 'low' },
  criticalAudit: { enabled: true, priority: 'high' },
  defaultOwnerId: null,
  repeatThreshold: 3,
  repeatWindowDays: 14,
}

export const DEFAULT_SLA: TSla = {
  timeZone: 'Europe/London',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: '09:00',
  dayEnd: '17:00',
  holidays: [],
  resolveHours: { urgent: 4, high: 8, normal: 16, low: 40 },
  escalationUserIds: [],
  escalateEveryHours: 8,
}

export const ZCaseSettingsInput = z.object({ rules: ZCaseRules, sla: ZSla })
export type TCaseSettingsInput = z.infer<typeof ZCaseSettingsInput>

/** A complaint received by phone, email, letter or in person, logged into the case register. */
export const ZComplaintInput = z.object({
  channel: z.enum(COMPLAINT_CHANNELS),
  title: required(160),
  summary: text(5000).default(''),
  customerName: text(160).default(''),
  /** An email address or phone number, kept only to reply to this complaint. */
  customerContact: text(254).default(''),
  contactAllowed: z.boolean().default(false),
  locationId: ZId.nullable().default(null),
  standardIds: z.array(ZId).max(20).default([]),
  priority: ZPriority.default('normal'),
  ownerId: ZId.nullable().default(null),
  /** When it was received (defaults to now): the SLA runs from then. */
  receivedAt: z.iso.datetime({ offset: true, message: 'must be a date and time' }).optional(),
})
export type TComplaintInput = z.infer<typeof ZComplaintInput>

export const ZCasePatch = z
  .object({
    status: ZCaseStatus.optional(),
    ownerId: ZId.nullable().optional(),
    priority: ZPriority.optional(),
    rootCause: z.enum(ROOT_CAUSES).optional(),
    resolution: text(5000).optional(),
    firstContact: z.boolean().optional(),
    /** A note kept with the change (why it was reopened, what was agreed…). */
    note: text(5000).optional(),
    /** The case's updated_at as the client last read it: a change made since is a 409, not overwritten. */
    expectedUpdatedAt: z.string().max(40).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change')
export type TCasePatch = z.infer<typeof ZCasePatch>

export const ZCaseNote = z.object({ text: required(5000) })

export const ZCaseListQuery = z.object({
  /** open: everything not resolved or closed (the default); all; or one status. */
  status: z.enum(['open_all', 'all', ...CASE_STATUSES]).default('open_all'),
  mine: z.enum(['true', 'false']).optional(),
  locationId: ZId.optional(),
  channel: z.enum(CASE_CHANNELS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
})

export const ZCaseFiguresQuery = z
  .object({
    from: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
    to: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
    locationId: ZId.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after `to`', path: ['from'] })

export { WEEKDAYS }
