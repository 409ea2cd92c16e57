import { sql, type Kysely } from 'kysely'

/**
 * Rollups for analytics (docs/analytics.md): sufficient statistics per kind, keys and bucket at
 * day, week and month grain, kept in the same write as the data they summarise, so dashboards read
 * a few buckets instead of raw responses (on D1 every row read is billed). Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('rollup')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('item_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('segment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sum', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('sumsq', 'real', (c) => c.notNull().defaultTo(0))
  for (let v = 0; v <= 10; v++) table = table.addColumn(`c${v}`, 'integer', (c) => c.notNull().defaultTo(0))
  // The key's order is the read path: one kind and grain, a few forms and items, a bucket range.
  // WITHOUT ROWID: the rows are stored in the key's order, so a range read walks one b-tree
  // (no second look-up of each row by rowid) and the key is not stored twice.
  await table
    .addPrimaryKeyConstraint('rollup_pk', ['org_id', 'kind', 'grain', 'form_id', 'item_id', 'bucket', 'location_id', 'segment'])
    .modifyEnd(sql`without rowid`)
    .execute()
  // Reads across forms (every survey, every template) by location and time.
  await db.schema.createIndex('rollup_by_location').on('rollup').columns(['org_id', 'kind', 'grain', 'location_id', 'bucket']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rollup').ifExists().execute()
}
