import { newId } from '../../shared/ids.ts'
import { ZAuditTemplateDefinition, type TAuditTemplateDefinition } from '../../shared/audit/template.ts'
import type { AssignmentStatus } from '../../shared/audit/status.ts'
import type { Db } from '../../server/db/database.ts'

/**
 * Audit data for the shopper's tests, written straight to the database: a published template
 * version and assignments given to a shopper.
 */

/** A small audit: a required yes/no, a scale, a required timing, a narrative and a receipt photo (at most 2). */
export const SHOPPER_TEMPLATE: TAuditTemplateDefinition = ZAuditTemplateDefinition.parse({
  title: 'Branch visit',
  sections: [
    {
      id: 'arrival',
      title: 'Arrival',
      items: [
        { id: 'greeted', type: 'yes_no', label: 'Greeted within 30 seconds?', critical: true },
        { id: 'tidy', type: 'scale', label: 'How tidy was the branch?', max: 5, required: false },
        { id: 'queue_time', type: 'timing', label: 'Time in the queue', thresholdSeconds: 300 },
        { id: 'narrative', type: 'text', label: 'The visit in your words', required: false },
        { id: 'receipt', type: 'photo', label: 'Photo of the receipt', maxPhotos: 2, required: false },
      ],
    },
  ],
})

export interface AuditFixture {
  templateId: string
  versionId: string
  locationId: string
}

export async function insertPublishedTemplate(db: Db, orgId: string, createdBy: string, def: TAuditTemplateDefinition = SHOPPER_TEMPLATE): Promise<AuditFixture> {
  const at = new Date().toISOString()
  const templateId = newId()
  const versionId = newId()
  const locationId = newId()
  await db.insertInto('location').values({ id: locationId, org_id: orgId, name: 'Leeds Briggate', code: `LB-${locationId.slice(-4)}`, kind: 'branch', address: '1 Briggate, Leeds', archived_at: null, created_at: at, updated_at: at }).execute()
  await db.insertInto('audit_template').values({ id: templateId, org_id: orgId, title: def.title, archived_at: null, created_at: at, updated_at: at }).execute()
  await db
    .insertInto('audit_template_version')
    .values({ id: versionId, org_id: orgId, template_id: templateId, version: 1, status: 'published', definition: JSON.stringify(def), created_by: createdBy, created_at: at, published_at: at })
    .execute()
  return { templateId, versionId, locationId }
}

export async function insertAssignment(db: Db, orgId: string, f: AuditFixture, shopperId: string, opts: { status?: AssignmentStatus; dueAt?: string; createdBy?: string } = {}): Promise<string> {
  const at = new Date().toISOString()
  const id = newId()
  await db
    .insertInto('assignment')
    .values({
      id,
      org_id: orgId,
      template_id: f.templateId,
      version_id: f.versionId,
      location_id: f.locationId,
      shopper_id: shopperId,
      wave_id: null,
      visit_from: '2026-12-01',
      visit_to: '2026-12-07',
      due_at: opts.dueAt ?? '2026-12-08T17:00:00.000Z',
      instructions: 'Buy a coffee and ask about the loyalty card.',
      status: opts.status ?? 'assigned',
      visit_started_at: null,
      visit_ended_at: null,
      score_percent: null,
      outcome: null,
      earned: null,
      possible: null,
      created_by: opts.createdBy ?? shopperId,
      created_at: at,
      updated_at: at,
      accepted_at: null,
      submitted_at: null,
      reviewed_at: null,
      reviewed_by: null,
      approved_at: null,
    })
    .execute()
  return id
}

/** A 1×1 PNG. */
export const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (ch) => ch.charCodeAt(0),
)
/** A 2×2 red JPEG (baseline, quality 80), as a phone camera's format. */
export const JPEG_SMALL = Uint8Array.from(
  atob(
    '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABgf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCUAHVPf//Z',
  ),
  (ch) => ch.charCodeAt(0),
)

/** A multipart photo upload as the phone sends it. */
export function photoForm(itemId: string, bytes: Uint8Array, name = 'receipt.jpg', type = 'image/jpeg'): FormData {
  const form = new FormData()
  form.set('itemId', itemId)
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }))
  return form
}

/** Sends a multipart body as the signed-in client (its session cookie and CSRF token). */
export async function sendForm(client: { fetch: (r: Request) => Promise<Response>; origin: string; cookie: string; csrf: string }, method: string, path: string, form: FormData) {
  const res = await client.fetch(
    new Request(new URL(path, client.origin), {
      method,
      headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}) },
      body: form,
    }),
  )
  const text = await res.text()
  let body: any = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: res.status, body, headers: res.headers }
}
