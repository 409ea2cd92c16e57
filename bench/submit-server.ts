/**
 * The production Node server over a prepared SQLite file, as a child process of the submission
 * benchmark and the durability test. Usage:
 *   node --import tsx bench/submit-server.ts <sqlite file> <web dist> [stored|noop]
 * It tells its parent the port over IPC. `noop` swaps the final write of a submission (the
 * database's grouped atomic write) for one that stores nothing and reports one row changed per
 * statement; every other step (link lookup, duplicate check, version lookup, answer checks,
 * building the statements) is the production code path.
 */
import { jsonLog, startNodeServer } from '../server/entry.node.ts'
import { openSqliteDatabase } from '../server/db/sqlite.ts'
import type { AppDatabase } from '../server/db/database.ts'
import { setPublicLimits } from '../server/middleware/rate-limit.ts'
import { diskPhotoStore } from '../server/lib/photo-store-disk.ts'
import { dirname, join } from 'node:path'

const [file, webDist, mode = 'stored'] = process.argv.slice(2)
if (!file || !webDist || (mode !== 'stored' && mode !== 'noop')) {
  console.error('usage: submit-server.ts <sqlite file> <web dist> [stored|noop]')
  process.exit(2)
}

// The load generator is one address: the public rate limits would measure themselves, not the writes.
setPublicLimits(null)
const opened = openSqliteDatabase(file)
const database: AppDatabase = mode === 'noop' ? { ...opened, atomicGrouped: async (statements) => statements.map(() => 1) } : opened
const running = await startNodeServer({ database, webDist, photos: diskPhotoStore(join(dirname(file), 'photos')), port: 0, log: jsonLog })
process.send?.({ port: running.port, pid: process.pid })
process.on('SIGTERM', () => void running.close().then(() => process.exit(0)))
process.on('disconnect', () => void running.close().then(() => process.exit(0)))
