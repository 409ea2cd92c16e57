/**
 * `npm start` and `npm run demo`: build the web app if it is missing or stale, migrate, (demo: seed),
 * and serve API + web on PORT with the SQLite file under DATA_DIR.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { jsonLog, openDataDirDatabase, startNodeServer } from '../entry.node.ts'
import { migrateToLatest } from '../db/database.ts'
import { seedDemo, DEMO_LOGIN, DEMO_USERS } from '../demo/seed.ts'
import { countOrganisations } from '../db/repositories/accounts.ts'
import { diskPhotoStore } from '../lib/photo-store-disk.ts'

const repo = resolve(fileURLToPath(import.meta.url), '../../..')
const demo = process.argv.includes('--demo')
const port = Number(process.env.PORT ?? 8787)
const dataDir = resolve(process.env.DATA_DIR ?? join(repo, 'data'))
const webDist = join(repo, 'web', 'dist')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

async function buildWebIfNeeded() {
  const built = join(webDist, 'index.html')
  const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(newestMtime(join(repo, 'web')), newestMtime(join(repo, 'shared')))
  if (!stale) return
  console.log('Building the web app…')
  const { build } = await import('vite')
  await build({ configFile: join(repo, 'web', 'vite.config.ts'), logLevel: 'warn' })
}

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`)
  process.exit(2)
}

await buildWebIfNeeded()
const database = openDataDirDatabase(dataDir, demo ? 'yardstick-demo.sqlite' : 'yardstick.sqlite')
if (demo) {
  await migrateToLatest(database)
  const { n } = await countOrganisations(database.db)
  if (Number(n) === 0) {
    console.log('Seeding the demo organisation (a year of responses)…')
    const summary = await seedDemo(database, { now: new Date() })
    console.log(`Seeded ${summary.locations} locations, ${summary.standards} standards, ${summary.responses} responses in ${summary.seconds.toFixed(1)} s`)
  }
}
const running = await startNodeServer({ database, webDist, photos: diskPhotoStore(join(dataDir, 'photos')), port, hostname: process.env.HOST ?? '127.0.0.1', log: jsonLog })
const url = `http://localhost:${running.port}`
console.log(`\nYardstick is running at ${url}`)
if (demo) {
  console.log(`Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`)
  console.log(`Other roles (same password): ${DEMO_USERS.filter((u) => u.email !== DEMO_LOGIN.email).map((u) => `${u.role} ${u.email}`).join(', ')}\n`)
} else console.log(`Database: ${join(dataDir, 'yardstick.sqlite')}\n`)

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    jsonLog({ level: 'info', msg: 'shutting down', signal })
    void running.close().then(() => process.exit(0))
  })
