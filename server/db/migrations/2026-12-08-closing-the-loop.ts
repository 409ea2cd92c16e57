import type { Kysely } from 'kysely'

/**
 * Closing the loop (DOMAIN.md, "Closing the loop" and "The review cycle"): follow-up cases and
 * complaints in one register with their timeline, each organisation's case rules and SLA,
 * improvement actions with the stakeholders consulted and informed, the measurement plan,
 * in-app notifications with their webhook deliveries, and a manager's commentary on the review
 * report. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per organisation: which responses and audits open a case (rules), the SLA (due times,
  // working hours and days, escalation levels), and the optional outgoing webhook. JSON objects
  // validated by shared/cases.ts and shared/alerts.ts.
  await db.schema
    .createTable('case_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('sla', 'text', (c) => c.notNull())
    .addColumn('webhook_url', 'text', (c) => c.notNull().defaultTo(''))
    // HMAC-SHA256 key of the webhook's signature header (shown once to the admin who sets it).
    .addColumn('webhook_secret', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('follow_up_case')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    // 'survey' (source_id = response id), 'audit' (assignment id) or 'complaint' (logged by hand: its own id).
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    // What opened it: nps_detractor, csat_low, negative_comment, critical_audit, complaint.
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text')
    // The survey or audit template behind it ('' for a complaint).
    .addColumn('form_id', 'text', (c) => c.notNull().defaultTo(''))
    // The standards it concerns: a JSON array of ids.
    .addColumn('standard_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    // The comment's themes (bit mask over THEMES), for repeated problems.
    .addColumn('themes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    // survey, audit, phone, email, letter, in_person, web, social
    .addColumn('channel', 'text', (c) => c.notNull())
    // The customer, only where they agreed to be contacted (identified survey) or gave details with a complaint.
    .addColumn('customer_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('customer_contact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_allowed', 'integer', (c) => c.notNull().defaultTo(0))
    // low, normal, high, urgent
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    // open, in_progress, escalated, resolved, closed
    .addColumn('status', 'text', (c) => c.notNull())
    // 0: with its owner; 1, 2…: escalated that many levels (case_settings.sla.escalation).
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('escalated_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('root_cause', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('resolution', 'text', (c) => c.notNull().defaultTo(''))
    // Resolved at the first contact with the customer: 1/0, null until resolved.
    .addColumn('first_contact', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // One case per response or audit and trigger kind: opening twice (a retried write, a re-run job) finds the first.
  await db.schema.createIndex('case_source').on('follow_up_case').columns(['org_id', 'source', 'source_id']).unique().execute()
  // The queue (overdue first) and the escalation job.
  await db.schema.createIndex('case_by_status_due').on('follow_up_case').columns(['org_id', 'status', 'due_at']).execute()
  await db.schema.createIndex('case_by_owner').on('follow_up_case').columns(['org_id', 'owner_id', 'status']).execute()
  await db.schema.createIndex('case_by_location').on('follow_up_case').columns(['org_id', 'location_id', 'opened_at']).execute()
  await db.schema.createIndex('case_by_opened').on('follow_up_case').columns(['org_id', 'opened_at']).execute()
  // Case figures and the board's "cases within SLA" read the cases resolved in a period.
  await db.schema.createIndex('case_by_resolved').on('follow_up_case').columns(['org_id', 'resolved_at']).execute()

  await db.schema
    .createTable('case_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    // null: the system (rules, the escalation job).
    .addColumn('actor_id', 'text')
    // opened, note, status, assigned, priority, escalated, resolved, closed, reopened
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    // Details as a JSON object (from/to status, owner, level…).
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute()
  await db.schema.createIndex('case_event_by_case').on('case_event').columns(['case_id', 'at']).execute()

  await db.schema
    .createTable('improvement_action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_id', 'text')
    // The day the change took effect (YYYY-MM-DD): before and after are measured around it.
    .addColumn('start_date', 'text', (c) => c.notNull())
    // planned, in_progress, done, abandoned
    .addColumn('status', 'text', (c) => c.notNull())
    // Linked standards, locations with the action, and comparison locations without it: JSON arrays of ids.
    .addColumn('standard_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('location_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('comparison_location_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    // Before and after windows of equal length, and days skipped after the start while the change settles.
    .addColumn('window_days', 'integer', (c) => c.notNull().defaultTo(90))
    .addColumn('settling_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('action_by_start').on('improvement_action').columns(['org_id', 'start_date']).execute()

  // Who was consulted on an action and who was informed of it: the stakeholder log.
  await db.schema
    .createTable('action_stakeholder')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    // consulted, informed
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('stakeholder', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('stakeholder_by_action').on('action_stakeholder').columns(['action_id', 'on_date']).execute()

  // The measurement plan: each method the organisation uses and the manager's reason it fits.
  await db.schema
    .createTable('measurement_method')
    .addColumn('org_id', 'text', (c) => c.notNull())
    // survey, mystery_shop, complaints, operational
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('justification', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sample_plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('measurement_method_pk', ['org_id', 'method'])
    .execute()

  // In-app notifications: a standard below target, an SLA breach, a repeated problem.
  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    // below_target, sla_breach, repeated_problem
    .addColumn('kind', 'text', (c) => c.notNull())
    // The same alert is raised once: e.g. 'sla_breach:<case id>:1'.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    // Where in the manager app it points.
    .addColumn('link', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute()
  await db.schema.createIndex('notification_dedupe').on('notification').columns(['org_id', 'dedupe_key']).unique().execute()
  await db.schema.createIndex('notification_by_time').on('notification').columns(['org_id', 'created_at']).execute()

  await db.schema
    .createTable('webhook_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // The JSON body sent (the same bytes on every attempt, so the signature is stable).
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending, delivered, failed (gave up)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute()
  await db.schema.createIndex('webhook_due').on('webhook_delivery').columns(['status', 'next_attempt_at']).execute()
  await db.schema.createIndex('webhook_by_org').on('webhook_delivery').columns(['org_id', 'created_at']).execute()

  // The manager's own words per section of a review report (a report is its period and locations).
  await db.schema
    .createTable('review_note')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('report_key', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_note_pk', ['org_id', 'report_key', 'section'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['review_note', 'webhook_delivery', 'notification', 'measurement_method', 'action_stakeholder', 'improvement_action', 'case_event', 'follow_up_case', 'case_settings'])
    await db.schema.dropTable(t).ifExists().execute()
}
