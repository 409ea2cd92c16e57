// Plain JavaScript on purpose: the group commit's writer thread (sqlite-writer.mjs) runs this file
// without a TypeScript loader, and the in-thread writer imports the very same code. Types are in
// sqlite-batch.d.mts.

/**
 * Reuses prepared statements. Kysely's driver prepares every query anew, and preparing (parsing
 * and planning the SQL) costs more than running a small insert. Least recently used statements
 * go first when the cache is full; a statement still being iterated (a streamed select) is never
 * handed out twice.
 */
export function withStatementCache(conn, size = 500) {
  const cache = new Map()
  return {
    prepare(sql) {
      const hit = cache.get(sql)
      if (hit && !hit.busy) {
        cache.delete(sql)
        cache.set(sql, hit)
        return hit
      }
      const stmt = conn.prepare(sql)
      if (!hit) {
        if (cache.size >= size) cache.delete(cache.keys().next().value)
        cache.set(sql, stmt)
      }
      return stmt
    },
    get inTransaction() {
      return conn.inTransaction
    },
    close() {
      cache.clear()
      conn.close()
    },
  }
}

function runQuery(conn, query) {
  const stmt = conn.prepare(query.sql)
  if (stmt.reader) {
    stmt.all(query.parameters)
    return 0
  }
  return Number(stmt.run(query.parameters).changes)
}

function control(conn, sql) {
  conn.prepare(sql).run([])
}

/**
 * Writes a batch of independent all-or-nothing writes in one transaction: each inside its own
 * savepoint, so one that fails rolls back alone and gets its own error. Returns each write's
 * outcome only after COMMIT has returned. Synchronous from BEGIN to COMMIT.
 *
 * Some errors (disk full, I/O) end the whole transaction and with it the others' work: the batch
 * is then written again without the write that failed.
 */
export function writeBatch(conn, batch) {
  const outcomes = new Array(batch.length)
  let pending = batch.map((_, i) => i)
  try {
    while (pending.length > 0) {
      let lost = false
      control(conn, 'BEGIN IMMEDIATE')
      for (const i of pending) {
        control(conn, 'SAVEPOINT write')
        try {
          outcomes[i] = { changes: batch[i].map((q) => runQuery(conn, q)) }
          control(conn, 'RELEASE write')
        } catch (error) {
          outcomes[i] = { error }
          if (!conn.inTransaction) {
            lost = true
            break
          }
          control(conn, 'ROLLBACK TO write')
          control(conn, 'RELEASE write')
        }
      }
      if (lost) {
        pending = pending.filter((i) => !outcomes[i] || 'changes' in outcomes[i])
        for (const i of pending) outcomes[i] = undefined
        continue
      }
      try {
        control(conn, 'COMMIT')
      } catch (error) {
        if (conn.inTransaction) control(conn, 'ROLLBACK')
        for (const i of pending) outcomes[i] = { error }
      }
      break
    }
  } catch (error) {
    // BEGIN refused (busy) or a rollback failed: leave no transaction open, fail what is left.
    if (conn.inTransaction) control(conn, 'ROLLBACK')
    for (const i of pending) if (!outcomes[i] || 'changes' in outcomes[i]) outcomes[i] = { error }
  }
  return outcomes
}
