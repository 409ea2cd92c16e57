import { createStore as createIdbStore, del, get, set, keys, type UseStore } from 'idb-keyval'
import type { TAuditAnswers } from '../../../../shared/audit/template.ts'
import type { SessionInfo } from '../../lib/api.ts'
import type { ShopperAssignmentDetail, ShopperSummary } from './api.ts'

/**
 * What the shopper's phone keeps so the visit screens work without a connection: the list, each
 * opened assignment, the answers as typed (with the revision they were based on) and photos not yet
 * uploaded. localStorage for the small JSON, IndexedDB for photo blobs.
 */

const PREFIX = 'yardstick:shopper:'

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(PREFIX + key)
    return raw ? (JSON.parse(raw) as T) : null
  } catch {
    return null
  }
}

function write(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value))
    return true
  } catch {
    // Private browsing or a full quota: the screen still works while it stays open.
    return false
  }
}

function remove(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key)
  } catch {
    // Nothing to remove.
  }
}

/** The list as last fetched, with when. */
export interface CachedList {
  at: string
  userId: string
  assignments: ShopperSummary[]
}

export const readCachedList = (userId: string): CachedList | null => {
  const list = read<CachedList>('list')
  return list && list.userId === userId && Array.isArray(list.assignments) ? list : null
}
export const writeCachedList = (userId: string, assignments: ShopperSummary[]) => write('list', { at: new Date().toISOString(), userId, assignments } satisfies CachedList)

/** The assignment as last fetched from the server. */
export const readCachedDetail = (id: string): ShopperAssignmentDetail | null => read<ShopperAssignmentDetail>(`detail:${id}`)
export const writeCachedDetail = (id: string, detail: ShopperAssignmentDetail) => write(`detail:${id}`, detail)

/** A photo taken on this phone and not yet uploaded (its bytes are in IndexedDB under `id`). */
export interface LocalPhoto {
  id: string
  itemId: string
  name: string
}

/** The shopper's work on one assignment as this phone holds it. */
export interface LocalVisit {
  answers: TAuditAnswers
  visitStartedAt: string | null
  visitEndedAt: string | null
  /** The server revision these answers were based on: a save sends it, a stale one is a conflict. */
  revision: number
  /** Changed here since the last save the server confirmed. */
  dirty: boolean
  /** Submit was pressed and the server has not answered 200 yet: sent (once) when the network returns. */
  submitPending: boolean
  localPhotos: LocalPhoto[]
  /** Uploaded photos the shopper removed: deleted on the server after the next save. */
  removedPhotos?: string[]
  /**
   * Fingerprints of saves sent from `revision` whose answer never came back (the connection dropped,
   * the tab closed): one of them may have landed. A 409 whose saved audit matches one of them is this
   * phone's own save, not another device's.
   */
  unconfirmed?: string[]
  savedAt: string | null
}

export const readLocalVisit = (id: string): LocalVisit | null => {
  const v = read<LocalVisit>(`visit:${id}`)
  return v && v.answers && typeof v.revision === 'number' ? { ...v, localPhotos: v.localPhotos ?? [] } : null
}
export const writeLocalVisit = (id: string, visit: LocalVisit) => write(`visit:${id}`, visit)
export const clearLocalVisit = (id: string) => remove(`visit:${id}`)

/**
 * The signed-in shopper, remembered so a reload without a connection still opens their visits. The
 * server still checks the session cookie on every call once the connection is back.
 */
export const readOfflineSession = (): SessionInfo | null => read<SessionInfo>('session')
export const rememberOfflineSession = (s: SessionInfo) => write('session', s)
export function forgetOfflineSession(): void {
  remove('session')
  remove('list')
}

let photoDb: UseStore | undefined
const photos = () => (photoDb ??= createIdbStore('yardstick-shopper', 'photos'))

/** Photo bytes by id: local photos until uploaded, uploaded ones kept for offline thumbnails. */
export const putPhotoBlob = (id: string, blob: Blob) => set(id, blob, photos())
export const getPhotoBlob = (id: string) => get<Blob>(id, photos()).catch(() => undefined)
export const deletePhotoBlob = (id: string) => del(id, photos()).catch(() => undefined)

/** Drops the thumbnails kept for an assignment once its audit is submitted. */
export async function deletePhotoBlobs(ids: string[]): Promise<void> {
  const stored = new Set((await keys(photos()).catch(() => [])).map(String))
  await Promise.all(ids.filter((id) => stored.has(id)).map((id) => deletePhotoBlob(id)))
}
