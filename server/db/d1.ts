import { Kysely } from 'kysely'
import { D1Dialect } from 'kysely-d1'
import type { Database } from './schema.ts'
import { type AppDatabase, D1Introspector, type D1Like, d1Atomic, withIntrospector } from './database.ts'

/** The Workers runtime's database: a D1 binding. */
export function openD1Database(binding: D1Like): AppDatabase {
  const dialect = withIntrospector(new D1Dialect({ database: binding as never }), (db) => new D1Introspector(db))
  const db = new Kysely<Database>({ dialect })
  const atomic = d1Atomic(binding)
  return { db, atomic, atomicGrouped: atomic, runtime: 'd1', close: async () => {} }
}
