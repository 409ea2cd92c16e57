import { sql, type Kysely } from 'kysely'

/**
 * Mystery-shopper audits: versioned templates, waves, assignments (one audit each), their history
 * (status changes, reviewer edits, comments), photos, disputes, and per-standard results of
 * approved audits. Frozen once released: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_template')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_template_org').on('audit_template').columns(['org_id', 'title']).execute()

  await db.schema
    .createTable('audit_template_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull().references('audit_template.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addUniqueConstraint('audit_template_version_number', ['template_id', 'version'])
    .execute()
  // At most one draft per template, so two concurrent "start a new draft" saves cannot both win.
  await db.schema.createIndex('audit_template_one_draft').on('audit_template_version').column('template_id').unique().where(sql.ref('status'), '=', 'draft').execute()

  await db.schema
    .createTable('audit_wave')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull().references('audit_template.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('assignment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull().references('audit_template.id'))
    // The published version at creation: the audit keeps it even after the template changes.
    .addColumn('version_id', 'text', (c) => c.notNull().references('audit_template_version.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('location.id'))
    .addColumn('shopper_id', 'text', (c) => c.notNull().references('user.id'))
    .addColumn('wave_id', 'text', (c) => c.references('audit_wave.id'))
    .addColumn('visit_from', 'text', (c) => c.notNull())
    .addColumn('visit_to', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    // The audit itself: answers as JSON, revised on every save (a stale save is refused, not merged).
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visit_started_at', 'text')
    .addColumn('visit_ended_at', 'text')
    // The score of the answers as they stand (recomputed on every save and edit).
    .addColumn('score_percent', 'real')
    .addColumn('outcome', 'text')
    .addColumn('earned', 'real')
    .addColumn('possible', 'real')
    .addColumn('insufficient', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('approved_at', 'text')
    .execute()
  await db.schema.createIndex('assignment_shopper').on('assignment').columns(['shopper_id', 'status', 'due_at']).execute()
  await db.schema.createIndex('assignment_org_status').on('assignment').columns(['org_id', 'status', 'submitted_at']).execute()
  await db.schema.createIndex('assignment_location').on('assignment').columns(['org_id', 'location_id', 'visit_from']).execute()

  // Everything that happened to an audit, oldest first: status moves, comments, reviewer edits.
  await db.schema
    .createTable('assignment_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignment.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // 'status' | 'edit' | 'comment' | 'dispute'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('item_id', 'text')
    // JSON of the answer before and after a reviewer's edit.
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    // The reason for an edit, the comments sent back with a return, a dispute's text.
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema.createIndex('assignment_event_by_assignment').on('assignment_event').columns(['assignment_id', 'at']).execute()

  await db.schema
    .createTable('audit_photo')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignment.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    // Detected from the file's bytes, never from its name or the declared type.
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // Key in the photo store: a file under DATA_DIR on Node, an R2 object on Workers.
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_photo_by_assignment').on('audit_photo').columns(['assignment_id', 'item_id']).execute()

  await db.schema
    .createTable('audit_dispute')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignment.id'))
    .addColumn('raised_by', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // 'open' | 'upheld' (the audit is withdrawn from results) | 'dismissed' (the result stands)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  // One open dispute per audit at a time.
  await db.schema.createIndex('audit_dispute_one_open').on('audit_dispute').column('assignment_id').unique().where(sql.ref('status'), '=', 'open').execute()

  // Compliance per standard of each approved audit, written in the same atomic write as the
  // approval (and removed when a dispute withdraws it): results read these rows, not the JSON.
  await db.schema
    .createTable('audit_standard_result')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignment.id'))
    .addColumn('standard_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    // ISO date of the visit (from the recorded visit start, else the window's start).
    .addColumn('visit_date', 'text', (c) => c.notNull())
    .addColumn('applicable', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_standard_result_pk', ['assignment_id', 'standard_id'])
    .execute()
  await db.schema.createIndex('audit_standard_result_by_standard').on('audit_standard_result').columns(['org_id', 'standard_id', 'visit_date']).execute()
  await db.schema.createIndex('audit_standard_result_by_location').on('audit_standard_result').columns(['org_id', 'location_id', 'visit_date']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_standard_result', 'audit_dispute', 'audit_photo', 'assignment_event', 'assignment', 'audit_wave', 'audit_template_version', 'audit_template'])
    await db.schema.dropTable(t).ifExists().execute()
}
