import { z } from 'zod'
import { webhookUrlProblem, WEBHOOK_URL_MAX } from './webhook-address.ts'

/**
 * Alerts (docs/alerts.md): in-app notifications (a standard below target, an SLA breach, a
 * repeated problem) and the organisation's outgoing webhook that receives each of them. The
 * contracts of /api/notifications and /api/settings/webhook.
 */

export const ALERT_KINDS = ['below_target', 'sla_breach', 'repeated_problem'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export const ALERT_KIND_LABELS: Record<AlertKind | 'test', string> = {
  below_target: 'Below target',
  sla_breach: 'SLA breached',
  repeated_problem: 'Repeated problem',
  test: 'Test',
}

/**
 * The JSON body POSTed to the webhook, the same bytes on every attempt (the signature covers
 * them). `kind` is 'test' for a delivery sent from the settings page. `link` is a path in the
 * manager app (prefix it with your Yardstick address).
 */
export interface WebhookPayload {
  id: string
  kind: AlertKind | 'test'
  title: string
  body: string
  link: string
  createdAt: string
}

/**
 * Minutes to wait after each failed attempt before the next: after the 5th retry fails (the 6th
 * attempt in all) the delivery is given up as failed.
 */
export const WEBHOOK_RETRY_MINUTES = [1, 5, 30, 120, 720] as const
/** A delivery is tried this many times at most. */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_MINUTES.length + 1
/** How long one attempt may take before it counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000

export const SIGNATURE_HEADER = 'x-yardstick-signature'
export const DELIVERY_HEADER = 'x-yardstick-delivery'

/** A webhook address: https, no credentials, a public host (see shared/webhook-address.ts). */
export const ZWebhookUrl = z
  .string('is required')
  .trim()
  .min(1, 'is required')
  .max(WEBHOOK_URL_MAX, `must be at most ${WEBHOOK_URL_MAX} characters`)
  .superRefine((url, ctx) => {
    // Empty and overlong addresses have their own message already.
    if (url.length === 0 || url.length > WEBHOOK_URL_MAX) return
    const problem = webhookUrlProblem(url)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const ZWebhookInput = z.object({ url: ZWebhookUrl })
export type TWebhookInput = z.infer<typeof ZWebhookInput>

/** A page of notifications, newest first; `before` is the previous page's `nextCursor`. */
export const ZNotificationListQuery = z.object({
  limit: z.coerce.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(25),
  before: z
    .string()
    .max(80)
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|[0-9A-Z]{26}$/, 'must be the nextCursor of a previous page')
    .optional(),
  unread: z.enum(['true', 'false'], "must be 'true' or 'false'").optional(),
})
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]
