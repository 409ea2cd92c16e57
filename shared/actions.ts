import { z } from 'zod'
import { ZId } from './schemas.ts'
import { ACTION_STATUSES, MAX_LINKS, SETTLING_DAYS, STAKEHOLDER_KINDS, WINDOW_DAYS } from './action-types.ts'

export * from './action-types.ts'

/**
 * Request contracts of the actions API (server/routes/actions.ts, docs/actions.md): an improvement
 * action with its standards, locations and comparison locations, the windows its before-and-after
 * proof uses, and the stakeholder log. The web form validates with the same schemas.
 */

const trimmed = (max: number) => z.string('is required').trim().min(1, 'is required').max(max, `must be at most ${max} characters`)
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).default('')

/** A calendar date that exists (2026-02-30 is refused), within a sensible range. */
export const ZActionDate = z.iso
  .date('must be a date (YYYY-MM-DD)')
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'must be between 2000 and 2099')

const ids = (what: string, min: number) =>
  z
    .array(ZId, `must be a list of ${what} ids`)
    .min(min, `must include at least one ${what}`)
    .max(MAX_LINKS, `must include at most ${MAX_LINKS} ${what}s`)
    .refine((list) => new Set(list).size === list.length, `must not list the same ${what} twice`)

const whole = (min: number, max: number) =>
  z
    .number('must be a number of days')
    .int('must be a whole number of days')
    .min(min, `must be from ${min} to ${max} days`)
    .max(max, `must be from ${min} to ${max} days`)

const actionFields = {
  title: trimmed(160),
  description: optionalText(4000),
  /** A user of the organisation (not a mystery shopper), or null. */
  ownerId: ZId.nullable().default(null),
  /** The day the change took effect: before and after are measured around it. */
  startDate: ZActionDate,
  status: z.enum(ACTION_STATUSES, `must be one of ${ACTION_STATUSES.join(', ')}`).default('planned'),
  standardIds: ids('standard', 1),
  /** Where the action happened. */
  locationIds: ids('location', 1),
  /** Similar locations without the action: the difference of differences takes out a change everyone saw. */
  comparisonLocationIds: ids('location', 0).default([]),
  windowDays: whole(WINDOW_DAYS.min, WINDOW_DAYS.max).default(WINDOW_DAYS.default),
  settlingDays: whole(SETTLING_DAYS.min, SETTLING_DAYS.max).default(SETTLING_DAYS.default),
}

/** A location cannot be both with the action and a comparison without it. */
function checkDisjoint(v: { locationIds?: string[]; comparisonLocationIds?: string[] }, ctx: z.RefinementCtx) {
  if (!v.locationIds || !v.comparisonLocationIds) return
  const own = new Set(v.locationIds)
  v.comparisonLocationIds.forEach((id, i) => {
    if (own.has(id)) ctx.addIssue({ code: 'custom', path: ['comparisonLocationIds', i], message: 'must not include a location that has the action' })
  })
}

export const ZActionInput = z.object(actionFields).superRefine(checkDisjoint)
export type TActionInput = z.infer<typeof ZActionInput>

/** Any fields of an action; at least one. Links given replace the stored ones. */
export const ZActionPatch = z
  .object({
    title: actionFields.title.optional(),
    description: z.string().trim().max(4000, 'must be at most 4000 characters').optional(),
    ownerId: ZId.nullable().optional(),
    startDate: ZActionDate.optional(),
    status: z.enum(ACTION_STATUSES, `must be one of ${ACTION_STATUSES.join(', ')}`).optional(),
    standardIds: ids('standard', 1).optional(),
    locationIds: ids('location', 1).optional(),
    comparisonLocationIds: ids('location', 0).optional(),
    windowDays: whole(WINDOW_DAYS.min, WINDOW_DAYS.max).optional(),
    settlingDays: whole(SETTLING_DAYS.min, SETTLING_DAYS.max).optional(),
  })
  .superRefine(checkDisjoint)
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change')
export type TActionPatch = z.infer<typeof ZActionPatch>

export const ZStakeholderInput = z.object({
  kind: z.enum(STAKEHOLDER_KINDS, "must be 'consulted' or 'informed'"),
  /** A person, team or group: "Store staff at York", "Union representative". */
  stakeholder: trimmed(160),
  onDate: ZActionDate,
  note: optionalText(1000),
})
export type TStakeholderInput = z.infer<typeof ZStakeholderInput>

export const ZActionListQuery = z.object({
  status: z.enum(ACTION_STATUSES, `must be one of ${ACTION_STATUSES.join(', ')}`).optional(),
})

export const ZStakeholderParam = z.object({ id: ZId, sid: ZId })
