import { createApp } from '../../server/app.ts'
import { migrateToLatest } from '../../server/db/database.ts'
import { openSqliteDatabase } from '../../server/db/sqlite.ts'
import type { Deps } from '../../server/env.ts'
import { Client as ApiClient } from './client.ts'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { diskPhotoStore } from '../../server/lib/photo-store-disk.ts'
import { newId } from '../../shared/ids.ts'

export interface Harness {
  app: ReturnType<typeof createApp>
  deps: Deps
  logs: Record<string, unknown>[]
  /** Sets the clock used by the app. */
  setNow(d: Date): void
  /** The folder the app's photo store writes to (a fresh temporary folder, made on the first photo). */
  photoDir: string
}

/** A fresh, migrated in-memory SQLite and the app over it. */
export async function makeHarness(opts: { now?: Date; minSample?: number } = {}): Promise<Harness> {
  const database = openSqliteDatabase(':memory:')
  await migrateToLatest(database)
  let now = opts.now ?? new Date()
  const logs: Record<string, unknown>[] = []
  // Created by the store on the first photo: most tests never write one.
  const photoDir = join(tmpdir(), `yardstick-photos-${newId()}`)
  const deps: Deps = {
    database,
    clientAddress: (c) => c.req.header('x-test-client') ?? '203.0.113.1',
    now: () => now,
    log: (l) => logs.push(l),
    minSample: opts.minSample ?? 30,
    photos: diskPhotoStore(photoDir),
  }
  return { app: createApp(deps), deps, logs, setNow: (d) => (now = d), photoDir }
}

/** A signed-in client over the in-process app (see client.ts). */
export class Client extends ApiClient {
  constructor(readonly h: Harness) {
    super((r) => Promise.resolve(h.app.request(r)), 'http://localhost')
  }
}

export const PASSWORD = 'correct-horse-battery'

/** Runs first-run setup and returns the admin's client. */
export async function setupOrg(h: Harness, name = 'Acme Services', email = 'admin@acme.example'): Promise<Client> {
  const c = new Client(h)
  const r = await c.post('/api/setup', { organisationName: name, name: 'Ada Admin', email, password: PASSWORD })
  if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${JSON.stringify(r.body)}`)
  return c
}

/** Creates a second organisation directly (setup only runs once per installation) with an admin. */
export async function createOrgDirect(h: Harness, name: string, email: string): Promise<Client> {
  const { newId } = await import('../../shared/ids.ts')
  const { hashPassword } = await import('../../server/lib/crypto.ts')
  const db = h.deps.database.db
  const at = new Date().toISOString()
  const orgId = newId()
  await db.insertInto('organisation').values({ id: orgId, name, created_at: at }).execute()
  await db
    .insertInto('user')
    .values({ id: newId(), org_id: orgId, email, name: 'Other Admin', role: 'admin', password_hash: await hashPassword(PASSWORD), active: 1, created_at: at, updated_at: at })
    .execute()
  const c = new Client(h)
  const r = await c.post('/api/auth/login', { email, password: PASSWORD })
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`)
  return c
}

/** Invites a user with the role and signs them in; returns their client. */
export async function addUser(h: Harness, admin: Client, role: string, email: string): Promise<Client> {
  const inv = await admin.post('/api/users/invitations', { email, role })
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`)
  const token = String(inv.body.url).split('/invite/')[1]
  const c = new Client(h)
  const r = await c.post(`/api/invitations/${token}/accept`, { name: `${role} user`, password: PASSWORD })
  if (r.status !== 201) throw new Error(`accept failed: ${r.status} ${JSON.stringify(r.body)}`)
  return c
}
