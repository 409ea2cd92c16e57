import { createSignal, onCleanup, Show } from 'solid-js'

/** m:ss (h:mm:ss past an hour). */
export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.floor(total))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

const key = (scope: string) => `yardstick:shopper:stopwatch:${scope}`

/**
 * A discreet stopwatch for timing items. It keeps the moment it was started (on the phone, so a
 * locked screen, another app or a reload does not stop it) and works out the elapsed time from the
 * clock, never by counting ticks.
 */
export function Stopwatch(props: { scope: string; label: string; seconds: number | undefined; onStop: (seconds: number) => void; onReset: () => void; disabled?: boolean }) {
  const readStart = (): number | null => {
    try {
      const v = Number(localStorage.getItem(key(props.scope)))
      return Number.isFinite(v) && v > 0 ? v : null
    } catch {
      return null
    }
  }
  const [startedAt, setStartedAt] = createSignal<number | null>(readStart())
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => startedAt() && setNow(Date.now()), 250)
  onCleanup(() => clearInterval(timer))

  const elapsed = () => {
    const s = startedAt()
    return s ? Math.max(0, (now() - s) / 1000) : (props.seconds ?? 0)
  }

  const start = () => {
    const at = Date.now()
    try {
      localStorage.setItem(key(props.scope), String(at))
    } catch {
      // Without storage the stopwatch still runs while the page stays open.
    }
    setNow(at)
    setStartedAt(at)
  }
  const stop = () => {
    const s = startedAt()
    if (!s) return
    try {
      localStorage.removeItem(key(props.scope))
    } catch {
      // Nothing stored.
    }
    setStartedAt(null)
    props.onStop(Math.round((Date.now() - s) / 1000))
  }
  const reset = () => {
    try {
      localStorage.removeItem(key(props.scope))
    } catch {
      // Nothing stored.
    }
    setStartedAt(null)
    props.onReset()
  }

  return (
    <div class="stopwatch" role="group" aria-label={`Stopwatch for ${props.label}`}>
      <span class="stopwatch-time" aria-hidden="true">
        {formatSeconds(elapsed())}
      </span>
      <span class="sr-only" aria-live="polite">
        {startedAt() ? 'Stopwatch running' : props.seconds !== undefined ? `Measured ${formatSeconds(props.seconds)}` : ''}
      </span>
      <Show
        when={startedAt()}
        fallback={
          <button type="button" class="button stopwatch-main" onClick={start} disabled={props.disabled}>
            Start
          </button>
        }
      >
        <button type="button" class="button stopwatch-main running" onClick={stop}>
          Stop
        </button>
      </Show>
      <button type="button" class="button stopwatch-reset" onClick={reset} disabled={props.disabled || (!startedAt() && props.seconds === undefined)}>
        Reset
      </button>
    </div>
  )
}
