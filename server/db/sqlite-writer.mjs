// The group commit's writer thread (see group-commit.ts): its own connection to the SQLite file,
// so COMMIT's wait for the disk never blocks the thread that serves requests. Plain JavaScript so
// it runs without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads'
import { createRequire } from 'node:module'
import { withStatementCache, writeBatch } from './sqlite-batch.mjs'

const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3')
const { filename, pragmas } = workerData

const raw = new BetterSqlite3(filename)
for (const [name, value] of Object.entries(pragmas)) raw.pragma(`${name} = ${value}`)
for (const [name, value] of Object.entries(pragmas)) {
  const actual = raw.pragma(name, { simple: true })
  if (String(actual).toLowerCase() !== String(value).toLowerCase()) throw new Error(`writer connection: ${name} is ${actual}, expected ${value}`)
}
const conn = withStatementCache(raw)

const plainError = (error) => ({ name: error?.name ?? 'Error', message: error?.message ?? String(error), code: error?.code })

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    conn.close()
    parentPort.close()
    return
  }
  const outcomes = writeBatch(conn, message.batch)
  parentPort.postMessage({ id: message.id, outcomes: outcomes.map((o) => ('error' in o ? { error: plainError(o.error) } : o)) })
})
parentPort.postMessage({ type: 'ready' })
