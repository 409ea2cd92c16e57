import { z } from 'zod'
import { ZId } from './schemas.ts'

/**
 * How a survey reaches customers: links (collectors) with their settings, and lists of single-use
 * invitations. Used by the API (validation) and the manager app (forms).
 */

const ZIsoTime = z.iso.datetime({ offset: true, message: 'must be a date and time (ISO 8601)' })

export const ZHttpsUrl = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .refine((s) => {
    try {
      const u = new URL(s)
      return u.protocol === 'https:' && u.hostname.includes('.') && !u.username && !u.password
    } catch {
      return false
    }
  }, 'must be an https:// address')

const linkSettings = {
  label: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  locationId: ZId.nullable().default(null),
  channel: z.string().trim().max(40, 'must be at most 40 characters').default(''),
  opensAt: ZIsoTime.nullable().default(null),
  closesAt: ZIsoTime.nullable().default(null),
  /** Stop taking responses after this many. */
  responseCap: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000).nullable().default(null),
  /** Identified: responses keep the invitee's attributes (invitation lists). Anonymous otherwise. */
  identified: z.boolean().default(false),
  /** One response per device (a daily-rotating keyed hash; never the address). Ignored in kiosk mode. */
  onePerDevice: z.boolean().default(false),
  /** A shared tablet: resets after each response and when left idle; no per-device rule. */
  kiosk: z.boolean().default(false),
  /** Replaces the survey's thank-you text when set. */
  thankYou: z.string().trim().max(2000, 'must be at most 2000 characters').default(''),
  redirectUrl: ZHttpsUrl.nullable().default(null),
}

const datesInOrder = (v: { opensAt?: string | null; closesAt?: string | null }, ctx: z.RefinementCtx) => {
  if (v.opensAt && v.closesAt && Date.parse(v.closesAt) <= Date.parse(v.opensAt)) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'must be after opensAt' })
}

export const ZLinkInput = z.object({ ...linkSettings, kind: z.enum(['link', 'invitations']).default('link') }).superRefine(datesInOrder)
export type TLinkInput = z.infer<typeof ZLinkInput>

export const ZLinkPatch = z
  .object({
    label: linkSettings.label,
    locationId: ZId.nullable(),
    channel: z.string().trim().max(40, 'must be at most 40 characters'),
    opensAt: ZIsoTime.nullable(),
    closesAt: ZIsoTime.nullable(),
    responseCap: linkSettings.responseCap.unwrap().unwrap().nullable(),
    identified: z.boolean(),
    onePerDevice: z.boolean(),
    kiosk: z.boolean(),
    thankYou: z.string().trim().max(2000, 'must be at most 2000 characters'),
    redirectUrl: ZHttpsUrl.nullable(),
    status: z.enum(['open', 'paused', 'closed']),
  })
  .partial()
  .superRefine(datesInOrder)
export type TLinkPatch = z.infer<typeof ZLinkPatch>

/**
 * What a customer sees when a link is not taking answers, by state. The HTTP status of a refused
 * submission goes with it: 409 for states that may change (paused, not open yet, full), 410 for
 * those that will not (closed, expired, invitation used).
 */
export const LINK_STATES = {
  paused: { status: 409, message: 'This survey is paused at the moment. Please try again later.' },
  scheduled: { status: 409, message: 'This survey is not open yet.' },
  unpublished: { status: 409, message: 'This survey is not open yet.' },
  full: { status: 409, message: 'This survey has received all the responses it needs. Thank you for your interest.' },
  closed: { status: 410, message: 'This survey has closed. Thank you for your interest.' },
  expired: { status: 410, message: 'This survey has closed. Thank you for your interest.' },
  used: { status: 410, message: 'This invitation has already been answered. Thank you!' },
  answered_on_device: { status: 409, message: 'A response has already been sent from this device. Thank you!' },
} as const
export type LinkState = 'open' | keyof typeof LINK_STATES
