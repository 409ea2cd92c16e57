/**
 * `npm run rollups:rebuild`: recomputes every rollup (docs/analytics.md, "Rollups") from the raw
 * tables (responses and answers, approved audits, comments) and replaces the stored ones, one
 * organisation per write. DATA_DIR and DB_FILE name the database (default data/yardstick.sqlite).
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDataDirDatabase } from '../entry.node.ts'
import { migrateToLatest } from '../db/database.ts'
import { rebuildRollups } from '../db/repositories/rollups.ts'

const repo = resolve(fileURLToPath(import.meta.url), '../../..')
const dataDir = resolve(process.env.DATA_DIR ?? join(repo, 'data'))
const file = process.env.DB_FILE ?? 'yardstick.sqlite'
if (!existsSync(join(dataDir, file))) {
  console.error(`No database at ${join(dataDir, file)} (set DATA_DIR and DB_FILE)`)
  process.exit(2)
}
const database = openDataDirDatabase(dataDir, file)
await migrateToLatest(database)
console.log(`Rebuilding rollups in ${join(dataDir, file)}…`)
const result = await rebuildRollups(database, {
  onProgress: (p) => console.log(`  organisation ${p.index + 1}/${p.total} (${p.orgId}): ${p.rows} rows in ${(p.ms / 1000).toFixed(1)} s`),
})
console.log(`Rebuilt ${result.rows} rollup rows for ${result.organisations} organisation(s) in ${(result.ms / 1000).toFixed(1)} s`)
await database.close()
