import { sql, type Kysely } from 'kysely'

/**
 * Distribution: link settings (dates, cap, mode, per-device rule, kiosk, thank-you, redirect),
 * single-use invitation lists, per-link daily statistics and the instance's secrets.
 * Frozen once released: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const collector = [
    (t: any) => t.addColumn('kind', 'text', (c: any) => c.notNull().defaultTo('link')),
    (t: any) => t.addColumn('opens_at', 'text'),
    (t: any) => t.addColumn('closes_at', 'text'),
    (t: any) => t.addColumn('response_cap', 'integer'),
    (t: any) => t.addColumn('response_count', 'integer', (c: any) => c.notNull().defaultTo(0)),
    (t: any) => t.addColumn('identified', 'integer', (c: any) => c.notNull().defaultTo(0)),
    (t: any) => t.addColumn('one_per_device', 'integer', (c: any) => c.notNull().defaultTo(0)),
    (t: any) => t.addColumn('kiosk', 'integer', (c: any) => c.notNull().defaultTo(0)),
    (t: any) => t.addColumn('thank_you', 'text', (c: any) => c.notNull().defaultTo('')),
    (t: any) => t.addColumn('redirect_url', 'text'),
  ]
  // SQLite adds one column per ALTER TABLE.
  for (const add of collector) await add(db.schema.alterTable('collector')).execute()
  // Responses stored before links had a count.
  await sql`update collector set response_count = (select count(*) from response where response.collector_id = collector.id)`.execute(db)

  await db.schema
    .createTable('survey_invitation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('collector_id', 'text', (c) => c.notNull().references('collector.id'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('answered_at', 'text')
    .execute()
  await db.schema.createIndex('survey_invitation_list').on('survey_invitation').columns(['collector_id', 'line']).execute()

  await db.schema.alterTable('response').addColumn('invitation_id', 'text').execute()
  await db.schema.alterTable('response').addColumn('device_key', 'text').execute()
  // Single use, race-safe: a second response to the same invitation breaks this index.
  await db.schema.createIndex('response_invitation').on('response').column('invitation_id').unique().where(sql.ref('invitation_id'), 'is not', null).execute()
  // One response per device (per day's key) on links that ask for it.
  await db.schema.createIndex('response_device').on('response').columns(['collector_id', 'device_key']).unique().where(sql.ref('device_key'), 'is not', null).execute()
  await db.schema.createIndex('response_collector').on('response').columns(['collector_id', 'submitted_at']).execute()

  // Counters per link and day: views, starts, completions, and how many reached each question.
  await db.schema
    .createTable('link_event_daily')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('collector_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('link_event_daily_pk', ['collector_id', 'day', 'event', 'question_id'])
    .execute()

  await db.schema
    .createTable('instance_secret')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['instance_secret', 'link_event_daily', 'survey_invitation']) await db.schema.dropTable(t).ifExists().execute()
  for (const i of ['response_invitation', 'response_device', 'response_collector']) await db.schema.dropIndex(i).ifExists().execute()
  await db.schema.alterTable('response').dropColumn('invitation_id').execute()
  await db.schema.alterTable('response').dropColumn('device_key').execute()
  for (const c of ['kind', 'opens_at', 'closes_at', 'response_cap', 'response_count', 'identified', 'one_per_device', 'kiosk', 'thank_you', 'redirect_url'])
    await db.schema.alterTable('collector').dropColumn(c).execute()
}
