import { batch, createSignal, onCleanup } from 'solid-js'
import { SHOPPER_EDITABLE, type AssignmentStatus } from '../../../../shared/audit/status.ts'
import { templateItems, type TAuditAnswer, type TAuditAnswers } from '../../../../shared/audit/template.ts'
import { checkAuditValue } from '../../../../shared/audit/answers.ts'
import { ApiError, errorMessage } from '../../lib/api.ts'
import { deletePhoto, getShopperAssignment, isTransient, saveDraft, submitAudit, uploadPhoto, type ShopperAssignmentDetail } from './api.ts'
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
    // next save (a delete changes the saved revision, so it never races a save from this phone).
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
    const removed = visit().removedPhotos ?? []
    if (!removed.length) return
    for (const photoId of removed) {
      try {
        await deletePhoto(id, photoId)
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err
      }
      setVisit({ ...visit(), removedPhotos: (visit().removedPhotos ?? []).filter((p) => p !== photoId) })
    }
    // The delete moved the saved revision on; the answers already matched it.
    const server = await getShopperAssignment(id)
    setVisit({ ...visit(), revision: server.assignment.revision })
    setDetail({ ...server, photos: server.photos })
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

  async function saveToServer() {
    const sentAt = edits
    const saved = await saveDraft(id, payload())
    const v = visit()
    setVisit({ ...v, revision: saved.revision, dirty: edits !== sentAt, savedAt: saved.savedAt })
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

  /** A 409: another device saved first (a newer revision), or the audit moved on (e.g. a reviewer). */
  async function handleConflict(err: ApiError) {
    let server: ShopperAssignmentDetail
    try {
      server = await getShopperAssignment(id)
    } catch {
      setProblem(err.message)
      setSaveState('error')
      return
    }
    if (server.assignment.revision !== visit().revision && SHOPPER_EDITABLE.includes(server.assignment.status)) {
      setConflict(server)
      setSaveState('conflict')
      return
    }
    setDetail(server)
    if (!SHOPPER_EDITABLE.includes(server.assignment.status)) {
      // Submitted already (from another device) or taken back: this phone's copy is no longer needed.
      clearLocalVisit(id)
      setVisitSignal(fromDetail(server))
      setSubmitState(server.assignment.status === 'submitted' || server.assignment.status === 'resubmitted' ? 'done' : 'idle')
      setSaveState('saved')
      return
    }
    setProblem(err.message)
    setSaveState('error')
  }

  async function runSync() {
    if (conflict()) return
    const v = visit()
    if (!editable() && !v.submitPending) return
    if (!v.dirty && !v.localPhotos.length && !v.submitPending && !v.removedPhotos?.length) return
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
    } catch (err) {
      if (isTransient(err)) {
        setOnline(navigator.onLine)
        setSaveState('offline')
        if (visit().submitPending) setSubmitState('queued')
        scheduleRetry()
      } else if (err instanceof ApiError && err.status === 409) {
        await handleConflict(err)
        if (visit().submitPending && conflict()) setSubmitState('queued')
      } else {
        // The server refused the answers (it checks what the phone checks): nothing to resend as is.
        setProblem(errorMessage(err))
        setSaveState('error')
        if (visit().submitPending) {
          setVisit({ ...visit(), submitPending: false })
          setSubmitState('error')
        }
      }
    }
  }

  /** Sends what is waiting; one run at a time, and one more if something changed meanwhile. */
  async function sync(): Promise<void> {
    clearTimeout(saveTimer)
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await runSync()
      } while (again && !disposed && saveState() !== 'offline')
    })()
    try {
      await running
    } finally {
      running = null
    }
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
      setVisit({ ...visit(), revision: server.assignment.revision, dirty: true })
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
    if (!v.dirty && !v.localPhotos.length && !v.submitPending && !v.removedPhotos?.length) {
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
  if (stored && (stored.dirty || stored.localPhotos.length || stored.submitPending || stored.removedPhotos?.length)) queueMicrotask(() => void sync())

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
