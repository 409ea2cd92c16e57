import { z } from 'zod'
import { ROLES } from './roles.ts'

/** Request and response contracts shared by the server (validation, OpenAPI) and the web app. */

export const ZId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id')
export const ZIdParam = z.object({ id: ZId })

const trimmed = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`)
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).default('')

export const ZEmail = z.string().trim().toLowerCase().email('must be an email address').max(254)
export const ZPassword = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters')

export const ZRole = z.enum(ROLES)

// ---- setup and auth

export const ZSetupInput = z.object({
  organisationName: trimmed(120),
  name: trimmed(120),
  email: ZEmail,
  password: ZPassword,
})
export type TSetupInput = z.infer<typeof ZSetupInput>

export const ZLoginInput = z.object({ email: ZEmail, password: z.string().min(1, 'is required').max(200) })
export const ZChangePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: ZPassword })

export const ZInviteInput = z.object({ email: ZEmail, role: ZRole })
export const ZAcceptInviteInput = z.object({ name: trimmed(120), password: ZPassword })
export const ZUserPatch = z
  .object({ role: ZRole.optional(), active: z.boolean().optional(), name: trimmed(120).optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change')

// ---- locations

export const LOCATION_KINDS = ['branch', 'store', 'phone_line', 'website', 'other'] as const
export const ZLocationInput = z.object({
  name: trimmed(120),
  code: optionalText(40),
  kind: z.enum(LOCATION_KINDS),
  address: optionalText(300),
})
export type TLocationInput = z.infer<typeof ZLocationInput>
export const ZLocationPatch = ZLocationInput.partial()

// ---- service standards

export const DIMENSIONS = ['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness'] as const
export const DIMENSION_LABELS: Record<(typeof DIMENSIONS)[number], string> = {
  reliability: 'Reliability',
  assurance: 'Assurance',
  tangibles: 'Tangibles',
  empathy: 'Empathy',
  responsiveness: 'Responsiveness',
}
/** What measures a standard. Survey metrics are computed from linked questions; the rest arrive with later features. */
export const STANDARD_METRICS = ['nps', 'csat', 'ces', 'rating_mean', 'yes_rate', 'audit_compliance', 'timing', 'case_sla'] as const
export const METRIC_LABELS: Record<(typeof STANDARD_METRICS)[number], string> = {
  nps: 'NPS (−100 to +100)',
  csat: 'CSAT (% satisfied, top-2-box)',
  ces: 'CES (mean, 1–7)',
  rating_mean: 'Rating (mean)',
  yes_rate: 'Yes rate (%)',
  audit_compliance: 'Audit compliance (%)',
  timing: 'Timing (% within threshold)',
  case_sla: 'Cases within SLA (%)',
}
export const CUSTOMER_TYPES = ['external', 'internal', 'both'] as const

export const ZStandardTarget = z.object({
  target: z.number().finite(),
  tolerance: z.number().finite().min(0, 'must not be negative'),
  direction: z.enum(['higher', 'lower']),
})

const standardFields = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(20, 'must be at most 20 characters')
    .regex(/^[A-Za-z0-9._-]+$/, 'may use letters, digits, dot, dash and underscore'),
  title: trimmed(160),
  description: optionalText(2000),
  owner: optionalText(120),
  channel: optionalText(80),
  customerType: z.enum(CUSTOMER_TYPES),
  dimension: z.enum(DIMENSIONS),
  metric: z.enum(STANDARD_METRICS),
  target: z.number().finite(),
  tolerance: z.number().finite().min(0, 'must not be negative'),
  direction: z.enum(['higher', 'lower']),
})

/** The range a target may take for a metric: NPS points, CES/rating means, or percentages. */
export function targetRange(metric: string): [number, number] {
  return metric === 'nps' ? [-100, 100] : metric === 'ces' ? [1, 7] : metric === 'rating_mean' ? [0, 10] : [0, 100]
}

export function targetRangeProblem(metric: string, target: number): string | null {
  const [lo, hi] = targetRange(metric)
  return target < lo || target > hi ? `must be between ${lo} and ${hi} for this metric` : null
}

function checkTargetRange(v: { metric?: string; target?: number }, ctx: z.RefinementCtx) {
  if (v.metric === undefined || v.target === undefined) return
  const problem = targetRangeProblem(v.metric, v.target)
  if (problem) ctx.addIssue({ code: 'custom', path: ['target'], message: problem })
}

export const ZStandardInput = standardFields.superRefine(checkTargetRange)
export type TStandardInput = z.infer<typeof ZStandardInput>
export const ZStandardPatch = standardFields
  .partial()
  .extend({ targetEffectiveFrom: z.iso.date().optional() })
  .superRefine(checkTargetRange)

// ---- dashboard

export const ZPeriodQuery = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    locationId: ZId.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after `to`', path: ['from'] })
