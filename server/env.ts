import type { Context } from 'hono'
import type { AppDatabase } from './db/database.ts'
import type { Role } from '../shared/roles.ts'
import type { PhotoStore } from './lib/photo-store.ts'

/** What the app needs from its runtime, injected by entry.node.ts / entry.worker.ts / tests. */
export interface Deps {
  database: AppDatabase
  /** The client's address from the connection (never from a spoofable header); used only hashed. */
  clientAddress(c: Context): string
  now(): Date
  /** One JSON log line; must never receive personal data. */
  log(line: Record<string, unknown>): void
  /** Minimum answers before a figure gets a red/amber/green status. */
  minSample: number
  /** Audit photos: files under DATA_DIR/photos on Node, the PHOTOS R2 bucket on Workers. */
  photos: PhotoStore
}

export interface SessionInfo {
  userId: string
  orgId: string
  role: Role
  name: string
  email: string
  csrfToken: string
  sessionHash: string
}

export type Env = {
  Variables: {
    requestId: string
    deps: Deps
    session: SessionInfo
  }
}
