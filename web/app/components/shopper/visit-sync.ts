import { batch, createSignal, onCleanup } from 'solid-js'
import { SHOPPER_EDITABLE, type AssignmentStatus } from '../../../../shared/audit/status.ts'
import { templateItems } from '../../../../shared/audit/items.ts'
import type { TAuditAnswer, TAuditAnswers } from '../../../../shared/audit/template.ts'
import { checkAuditAnswers, checkAuditValue } from '../../../../shared/audit/answers.ts'
import { ApiError, errorMessage } from '../../lib/api.ts'
import { deletePhoto, getShopperAssignment, isTransient, saveDraft, submitAudit, uploadPhoto, type ShopperAssignmentDetail, type VisitPayload } from './api.ts'
import {
  clearLocalVisit,
  deletePhotoBlob,
  deletePhotoBlobs,
  getPhotoBlob,
  putPhotoBlob,
  readLocalVisit,
  writeCachedDetail,
  writeLocalVisit,
  type LocalPhoto,
  type LocalVisit,
} from './store.ts'

export type SaveState = 'local' | 'saving' | 'saved' | 'offline' | 'conflict' | 'error'
export type SubmitState = 'idle' | 'sending' | 'queued' | 'done' | 'error'

/** Changes wait this long for the next keystroke before going to the server. */
const SAVE_DELAY = 1_500
/** First retry after 3 s, doubling to at most 2 minutes; the `online` event retries at once. */
const retryDelay = (attempt: number) => Math.min(3_000 * 2 ** attempt, 120_000)
/** Saves without an answer remembered per revision (the same answers sent again count once). */
const MAX_UNCONFIRMED = 20
/** A 409 met again right after its own save was recognised: the audit keeps moving on the server. */
const MAX_ROUNDS = 3

/** Same answers whatever the key order (as the server compares them). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value)
}

/** A short hash of a string (53-bit cyrb53), so fingerprints of long narratives stay small on the phone. */
function hash(text: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return `${text.length.toString(36)}-${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`
}

/**
 * The audit as saved, reduced to what a save decides: the answers as the server stores them (checked,
 * text NFC; empty photo lists and empty answers left out, since a photo delete on the server leaves
 * them) and the visit times. Equal fingerprints mean equal saved audits.
 */
function fingerprint(def: ShopperAssignmentDetail['definition'], state: Pick<VisitPayload, 'answers' | 'visitStartedAt' | 'visitEndedAt'>): string {
  const answers: TAuditAnswers = {}
  for (const [itemId, answer] of Object.entries(checkAuditAnswers(def, state.answers, 'draft').answers)) {
    const tidy: TAuditAnswer = { ...answer }
    if (!tidy.photoIds?.length) delete tidy.photoIds
    if (Object.values(tidy).some((x) => x !== undefined)) answers[itemId] = tidy
  }
  return hash(canonical({ answers, visitStartedAt: state.visitStartedAt ?? null, visitEndedAt: state.visitEndedAt ?? null }))
}

function fromDetail(detail: ShopperAssignmentDetail): LocalVisit {
  const a = detail.assignment
  return { answers: a.answers ?? {}, visitStartedAt: a.visitStartedAt, visitEndedAt: a.visitEndedAt, revision: a.revision, dirty: false, submitPending: false, localPhotos: [], savedAt: null }
}

/**
 * The shopper's work on one assignment: every change is kept on the phone at once and sent to the
 * server shortly after (PUT draft), photos taken offline are uploaded first, and a submit made
 * offline waits on the phone and is sent once when the connection returns.
 */
export function createVisitSync(id: string, initial: ShopperAssignmentDetail) {
  const [detail, setDetailSignal] = createSignal(initial)
  const stored = readLocalVisit(id)
  const [visit, setVisitSignal] = createSignal<LocalVisit>(stored ?? fromDetail(initial))
  const [saveState, setSaveState] = createSignal<SaveState>(stored?.dirty || stored?.localPhotos.length ? 'local' : 'saved')
  const [submitState, setSubmitState] = createSignal<SubmitState>(stored?.submitPending ? 'queued' : 'idle')
  const [problem, setProblem] = createSignal<string | null>(null)
  const [conflict, setConflict] = createSignal<ShopperAssignmentDetail | null>(null)
  const [online, setOnline] = createSignal(navigator.onLine)

  let edits = 0
  let saveTimer: ReturnType<typeof setTimeout> | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let attempt = 0
  let running: Promise<void> | null = null
  let again = false
  let disposed = false

  const status = () => detail().assignment.status
  const editable = () => SHOPPER_EDITABLE.includes(status())

  function setDetail(next: ShopperAssignmentDetail) {
    setDetailSignal(next)
    writeCachedDetail(id, next)
  }

  function setVisit(next: LocalVisit) {
    setVisitSignal(next)
    writeLocalVisit(id, next)
  }

  function setStatus(next: AssignmentStatus) {
    const d = detail()
    setDetail({ ...d, assignment: { ...d.assignment, status: next } })
  }

  /** Applies a change: kept on the phone now, sent to the server after a pause in typing. */
  function change(fn: (v: LocalVisit) => LocalVisit) {
    if (!editable() || visit().submitPending) return
    edits++
    setVisit({ ...fn(visit()), dirty: true })
    if (saveState() !== 'conflict') setSaveState(online() ? 'local' : 'offline')
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => void sync(), SAVE_DELAY)
  }

  const setAnswer = (itemId: string, fn: (a: TAuditAnswer) => TAuditAnswer) =>
    change((v) => {
      const answers = { ...v.answers }
      const next = fn({ ...(answers[itemId] ?? {}) })
      for (const k of Object.keys(next) as (keyof TAuditAnswer)[]) if (next[k] === undefined) delete next[k]
      if (Object.keys(next).length) answers[itemId] = next
      else delete answers[itemId]
      return { ...v, answers }
    })

  async function addPhoto(itemId: string, blob: Blob, name: string) {
    const photo: LocalPhoto = { id: `local-${crypto.randomUUID()}`, itemId, name }
    await putPhotoBlob(photo.id, blob)
    change((v) => ({ ...v, localPhotos: [...v.localPhotos, photo] }))
  }

  async function removePhoto(photoId: string) {
    if (photoId.startsWith('local-')) {
      change((v) => ({ ...v, localPhotos: v.localPhotos.filter((p) => p.id !== photoId) }))
      await deletePhotoBlob(photoId)
      return
    }
    // The answer stops pointing at it at once; the photo itself is deleted on the server after the
    // next save, so the saved answers never point at a deleted photo (the delete keeps the revision).
    change((v) => {
      const answers = { ...v.answers }
      for (const [itemId, a] of Object.entries(answers)) {
        if (!a.photoIds?.includes(photoId)) continue
        const photoIds = a.photoIds.filter((p) => p !== photoId)
        const next: TAuditAnswer = { ...a, photoIds }
        if (!photoIds.length) delete next.photoIds
        if (Object.keys(next).length) answers[itemId] = next
        else delete answers[itemId]
      }
      return { ...v, answers, removedPhotos: [...(v.removedPhotos ?? []), photoId] }
    })
    void deletePhotoBlob(photoId)
  }

  async function deleteRemovedPhotos() {
    for (const photoId of visit().removedPhotos ?? []) {
      try {
        await deletePhoto(id, photoId)
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err
      }
      // A delete leaves the saved revision as it is (the answers saved just before already left the
      // photo out), so this phone's revision stays the one to build on.
      batch(() => {
        setVisit({ ...visit(), removedPhotos: (visit().removedPhotos ?? []).filter((p) => p !== photoId) })
        const d = detail()
        setDetail({ ...d, photos: d.photos.filter((p) => p.id !== photoId) })
      })
    }
  }

  function scheduleRetry() {
    clearTimeout(retryTimer)
    if (disposed) return
    retryTimer = setTimeout(() => void sync(), retryDelay(attempt++))
  }

  async function uploadLocalPhotos() {
    for (const photo of visit().localPhotos) {
      const blob = await getPhotoBlob(photo.id)
      if (!blob) {
        setVisit({ ...visit(), localPhotos: visit().localPhotos.filter((p) => p.id !== photo.id) })
        continue
      }
      const { photo: uploaded } = await uploadPhoto(id, photo.itemId, blob, photo.name)
      // Kept under its server id so the thumbnail still shows without a connection.
      await putPhotoBlob(uploaded.id, blob)
      await deletePhotoBlob(photo.id)
      edits++
      const v = visit()
      const answer = v.answers[photo.itemId] ?? {}
      setVisit({
        ...v,
        dirty: true,
        localPhotos: v.localPhotos.filter((p) => p.id !== photo.id),
        answers: { ...v.answers, [photo.itemId]: { ...answer, photoIds: [...(answer.photoIds ?? []), uploaded.id] } },
      })
      const d = detail()
      setDetail({ ...d, photos: [...d.photos, uploaded] })
    }
  }

  /** What goes to the server: answers still being typed into a valid shape stay on the phone until they are. */
  function payload() {
    const v = visit()
    const items = new Map(templateItems(detail().definition).map((e) => [e.item.id, e.item] as const))
    const answers: TAuditAnswers = {}
    for (const [itemId, answer] of Object.entries(v.answers)) {
      const item = items.get(itemId)
      if (item && !checkAuditValue(item, answer)) answers[itemId] = answer
    }
    return { answers, revision: v.revision, visitStartedAt: v.visitStartedAt, visitEndedAt: v.visitEndedAt }
  }

  /** Noted on the phone before a save goes out: if its answer is lost, the save may still have landed. */
  function rememberSent(body: VisitPayload) {
    const fp = fingerprint(detail().definition, body)
    const v = visit()
    const list = v.unconfirmed ?? []
    if (!list.includes(fp)) setVisit({ ...v, unconfirmed: [...list, fp].slice(-MAX_UNCONFIRMED) })
  }

  async function saveToServer() {
    const sentAt = edits
    const body = payload()
    rememberSent(body)
    const saved = await saveDraft(id, body)
    const v = visit()
    // The revision the server answered is the base of the next save (and of the submit).
    setVisit({ ...v, revision: saved.revision, dirty: edits !== sentAt, savedAt: saved.savedAt, unconfirmed: [] })
    const d = detail()
    setDetail({ ...d, assignment: { ...d.assignment, status: saved.status, revision: saved.revision, answers: v.answers, visitStartedAt: v.visitStartedAt, visitEndedAt: v.visitEndedAt } })
  }

  async function submitToServer() {
    const res = await submitAudit(id, payload())
    const v = visit()
    const d = detail()
    batch(() => {
      setDetail({ ...d, assignment: { ...d.assignment, ...res.assignment, answers: v.answers, visitStartedAt: v.visitStartedAt, visitEndedAt: v.visitEndedAt } })
      clearLocalVisit(id)
      setVisitSignal({ ...v, submitPending: false, dirty: false })
      setSubmitState('done')
    })
    void deletePhotoBlobs(Object.values(v.answers).flatMap((a) => a.photoIds ?? []))
  }

  /** A failure a retry can fix: kept on the phone (a queued submit stays queued) and tried again later. */
  function waitForConnection() {
    setOnline(navigator.onLine)
    setSaveState('offline')
    if (visit().submitPending) setSubmitState('queued')
    scheduleRetry()
  }

  /**
   * A 409, told apart by the audit as the server holds it: this phone's own earlier save that landed
   * while its answer was lost (or any save that left the audit exactly as this phone has it) is
   * adopted, and the work carries on from the server's revision (true); a genuine difference from
   * another device is a conflict for the shopper to settle; an audit that moved on (submitted, taken
   * back) replaces this phone's copy. A queued submit stays queued through a conflict.
   */
  async function resolveConflict(err: ApiError): Promise<boolean> {
    let server: ShopperAssignmentDetail
    try {
      server = await getShopperAssignment(id)
    } catch (fetchErr) {
      if (isTransient(fetchErr)) waitForConnection()
      else {
        setProblem(errorMessage(fetchErr))
        setSaveState('error')
      }
      return false
    }
    if (!SHOPPER_EDITABLE.includes(server.assignment.status)) {
      // Submitted already (this phone's submit whose answer was lost, or another device's) or taken
      // back: this phone's copy is no longer needed.
      batch(() => {
        setDetail(server)
        clearLocalVisit(id)
        setVisitSignal(fromDetail(server))
        setSubmitState(server.assignment.status === 'submitted' || server.assignment.status === 'resubmitted' ? 'done' : 'idle')
        setSaveState('saved')
      })
      return false
    }
    const v = visit()
    if (server.assignment.revision !== v.revision) {
      const saved = fingerprint(server.definition, server.assignment)
      const current = fingerprint(server.definition, payload())
      if (saved !== current && !(v.unconfirmed ?? []).includes(saved)) {
        batch(() => {
          setConflict(server)
          setSaveState('conflict')
          if (v.submitPending) setSubmitState('queued')
        })
        return false
      }
      batch(() => {
        setVisit({ ...visit(), revision: server.assignment.revision, unconfirmed: [], dirty: visit().dirty && saved !== current })
        setDetail(server)
      })
      return true
    }
    // Same revision: the refusal was about something else (e.g. a photo too many); the shopper sees why.
    batch(() => {
      setDetail(server)
      setProblem(err.message)
      setSaveState('error')
      if (visit().submitPending) {
        setVisit({ ...visit(), submitPending: false })
        setSubmitState('error')
      }
    })
    return false
  }

  const hasWork = (v: LocalVisit) => v.dirty || v.localPhotos.length > 0 || v.submitPending || (v.removedPhotos?.length ?? 0) > 0

  async function runSync() {
    for (let round = 0; ; round++) {
      if (conflict()) return
      const v = visit()
      if (!editable() && !v.submitPending) return
      if (!hasWork(v)) return
      setSaveState('saving')
      if (v.submitPending) setSubmitState('sending')
      try {
        await uploadLocalPhotos()
        if (visit().dirty || (visit().submitPending && status() === 'accepted')) await saveToServer()
        if (visit().removedPhotos?.length && editable()) await deleteRemovedPhotos()
        if (visit().submitPending) await submitToServer()
        attempt = 0
        setProblem(null)
        setSaveState(visit().dirty ? 'local' : 'saved')
        return
      } catch (err) {
        if (isTransient(err)) {
          waitForConnection()
        } else if (err instanceof ApiError && err.status === 409) {
          if (!(await resolveConflict(err))) return
          // Carried on from the server's revision: what is still unsent, and a queued submit, go now.
          if (round + 1 < MAX_ROUNDS) continue
          waitForConnection()
        } else {
          // The server refused the answers (it checks what the phone checks): nothing to resend as is.
          setProblem(errorMessage(err))
          setSaveState('error')
          if (visit().submitPending) {
            setVisit({ ...visit(), submitPending: false })
            setSubmitState('error')
          }
        }
        return
      }
    }
  }

  /**
   * Sends what is waiting, one run at a time: a call during a run (a keystroke's timer, the `online`
   * event, a retry, the page being hidden) is queued as one more run, and every caller's promise
   * settles when the work it asked for has been tried.
   */
  function sync(): Promise<void> {
    clearTimeout(saveTimer)
    if (running) {
      again = true
      return running
    }
    let finish!: () => void
    const run = new Promise<void>((resolve) => (finish = resolve))
    // Taken before any work starts, so a call made while this run starts is queued, never run alongside.
    running = run
    void (async () => {
      try {
        do {
          again = false
          await runSync()
        } while (again && !disposed && saveState() !== 'offline')
      } catch (err) {
        setProblem(errorMessage(err))
        setSaveState('error')
      } finally {
        // Released in the same step the loop ends, so a later call starts a run of its own.
        running = null
        finish()
      }
    })()
    return run
  }

  /** Submit: kept on the phone first, so a lost connection or a closed tab still sends it, once. */
  function submit() {
    setVisit({ ...visit(), submitPending: true })
    setSubmitState(online() ? 'sending' : 'queued')
    attempt = 0
    void sync()
  }

  function keepMine() {
    const server = conflict()
    if (!server) return
    edits++
    batch(() => {
      setConflict(null)
      setVisit({ ...visit(), revision: server.assignment.revision, unconfirmed: [], dirty: true })
      setDetail({ ...server, photos: mergePhotos(server.photos, detail().photos) })
    })
    void sync()
  }

  function useSaved() {
    const server = conflict()
    if (!server) return
    batch(() => {
      setConflict(null)
      setDetail(server)
      setVisit({ ...fromDetail(server), localPhotos: visit().localPhotos, submitPending: false })
      setSubmitState('idle')
      setSaveState(visit().localPhotos.length ? 'local' : 'saved')
    })
    if (visit().localPhotos.length) void sync()
  }

  /** A fresh copy from the server: adopted when this phone has nothing unsent, else kept for the next save. */
  function refreshed(server: ShopperAssignmentDetail) {
    const v = visit()
    if (!hasWork(v)) {
      batch(() => {
        setDetail(server)
        setVisit(fromDetail(server))
      })
      if (!SHOPPER_EDITABLE.includes(server.assignment.status)) clearLocalVisit(id)
      return
    }
    setDetail({ ...server, assignment: { ...server.assignment, status: server.assignment.status } })
    void sync()
  }

  const onOnline = () => {
    setOnline(true)
    attempt = 0
    clearTimeout(retryTimer)
    void sync()
  }
  const onOffline = () => {
    setOnline(false)
    if (saveState() === 'local') setSaveState('offline')
  }
  const onHide = () => {
    if (document.visibilityState === 'hidden') void sync()
  }
  const onPageHide = () => void sync()
  window.addEventListener('online', onOnline)
  window.addEventListener('offline', onOffline)
  document.addEventListener('visibilitychange', onHide)
  window.addEventListener('pagehide', onPageHide)
  onCleanup(() => {
    disposed = true
    clearTimeout(saveTimer)
    clearTimeout(retryTimer)
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
    document.removeEventListener('visibilitychange', onHide)
    window.removeEventListener('pagehide', onPageHide)
  })

  // Work left from an earlier visit to this page (a reload, a queued submit) goes out now.
  if (stored && hasWork(stored)) queueMicrotask(() => void sync())

  return {
    detail,
    visit,
    status,
    editable,
    saveState,
    submitState,
    problem,
    conflict,
    online,
    setAnswer,
    change,
    addPhoto,
    removePhoto,
    submit,
    keepMine,
    useSaved,
    refreshed,
    setStatus,
    sync,
  }
}

function mergePhotos<T extends { id: string }>(a: T[], b: T[]): T[] {
  const seen = new Set(a.map((p) => p.id))
  return [...a, ...b.filter((p) => !seen.has(p.id))]
}

export type VisitSync = ReturnType<typeof createVisitSync>
