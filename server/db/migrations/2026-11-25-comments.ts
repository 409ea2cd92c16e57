import type { Kysely } from 'kysely'

/**
 * Comments: every free-text survey answer and every narrative of an approved audit, tagged with
 * sentiment and themes (shared/sentiment) when stored; a manager's correction beside the tagger's
 * own result, and the effective label and themes analytics read. Plus background jobs (re-tagging
 * after a tagger upgrade) with their progress. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    // 'survey' (source_id = response id, field_id = question id) or 'audit' (assignment id, item id)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('field_id', 'text', (c) => c.notNull())
    // The survey or the audit template.
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text')
    .addColumn('collector_id', 'text')
    // When it was said: the response's submission, the audit's visit.
    .addColumn('at', 'text', (c) => c.notNull())
    // The respondent's language tag ('' for audits).
    .addColumn('language', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text', 'text', (c) => c.notNull())
    // The tagger's result: label null when the text is not English (it says so rather than guessing).
    .addColumn('label', 'text')
    .addColumn('score', 'real', (c) => c.notNull().defaultTo(0))
    // Themes as a bit mask over THEMES (shared/sentiment), so filters are one integer test.
    .addColumn('themes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tagger_version', 'text', (c) => c.notNull())
    // A manager's correction: kept through every re-tag.
    .addColumn('corrected_label', 'text')
    .addColumn('corrected_themes', 'integer')
    .addColumn('corrected_by', 'text')
    .addColumn('corrected_at', 'text')
    // What analytics use: the correction when there is one, else the tagger's result.
    .addColumn('final_label', 'text')
    .addColumn('final_themes', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('comment_source_field', ['source_id', 'field_id'])
    .execute()
  await db.schema.createIndex('comment_by_time').on('comment').columns(['org_id', 'at']).execute()
  await db.schema.createIndex('comment_by_location').on('comment').columns(['org_id', 'location_id', 'at']).execute()
  await db.schema.createIndex('comment_by_form').on('comment').columns(['org_id', 'form_id', 'at']).execute()
  await db.schema.createIndex('comment_by_label').on('comment').columns(['org_id', 'final_label', 'at']).execute()
  // The re-tag job walks comments tagged by another version.
  await db.schema.createIndex('comment_by_tagger').on('comment').columns(['tagger_version', 'id']).execute()

  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 'retag_comments'
    .addColumn('kind', 'text', (c) => c.notNull())
    // What the job brings things to (for retag: the tagger version).
    .addColumn('target', 'text', (c) => c.notNull())
    // 'running' | 'done' | 'failed'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    // Where to resume: the last id processed.
    .addColumn('cursor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute()
  // One job of a kind per target: starting it twice finds the first.
  await db.schema.createIndex('job_kind_target').on('job').columns(['kind', 'target']).unique().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job').ifExists().execute()
  await db.schema.dropTable('comment').ifExists().execute()
}
