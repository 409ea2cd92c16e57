import { createSignal } from 'solid-js'
import { api, call } from './api.ts'

// The organisation's unread alert count, shown in the navigation and kept current by the alerts
// page (which knows it from every answer) and by an occasional refresh.

const [unread, setUnreadSignal] = createSignal<number | null>(null)

/** Unread notifications, or null before the first answer. */
export { unread }

export function setUnread(count: number): void {
  setUnreadSignal(count)
}

let inflight: Promise<void> | undefined

/** Asks the server for the count (one request at a time); failures keep the last known count. */
export function refreshUnread(): Promise<void> {
  inflight ??= call(api.notifications.$get({ query: { limit: '1' } }))
    .then(
      (r) => {
        setUnreadSignal(r.unread)
      },
      () => {},
    )
    .finally(() => {
      inflight = undefined
    })
  return inflight
}
