import { createResource, createSignal, Show } from 'solid-js'
import { errorMessage } from '../../lib/api.ts'
import { commentsApi } from './api.ts'
import type { RetagProgress } from './api.ts'

const number = (n: number) => n.toLocaleString('en-GB')

/**
 * While comments are being re-tagged with a new tagger: how far it has got, and a way to run the
 * rest now rather than waiting for the background work. Corrections are never overwritten.
 */
export function RetagPanel(props: { onFinished: () => void }) {
  const [progress, { mutate }] = createResource(() => commentsApi.retag().catch(() => null))
  const [running, setRunning] = createSignal(false)
  const [error, setError] = createSignal('')
  const [finished, setFinished] = createSignal(false)

  const continueNow = async () => {
    setRunning(true)
    setError('')
    try {
      // One batch per request, until the job says it is done.
      for (let i = 0; i < 10_000; i++) {
        const p = await commentsApi.retagStep()
        mutate(p)
        if (!p || p.status !== 'running') break
      }
      setFinished(true)
      props.onFinished()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setRunning(false)
    }
  }

  const active = (p: RetagProgress | null | undefined): p is RetagProgress => !!p && p.status === 'running'

  return (
    <>
      <Show when={progress.latest && active(progress.latest) ? progress.latest : undefined}>
        {(p) => (
          <section class="card retag" aria-labelledby="retag-title">
            <h2 id="retag-title">Re-tagging comments</h2>
            <div
              class="retag-bar"
              role="progressbar"
              aria-labelledby="retag-text"
              aria-valuemin={0}
              aria-valuemax={p().total}
              aria-valuenow={p().done}
              aria-valuetext={`${number(p().done)} of ${number(p().total)}`}
            >
              <span class="retag-fill" style={{ width: `${p().total ? Math.min(100, (p().done / p().total) * 100) : 0}%` }} />
            </div>
            <p id="retag-text">
              Re-tagging comments with the new tagger: {number(p().done)} of {number(p().total)}
            </p>
            <p class="hint">Comments a manager has corrected keep their correction. Until it finishes, some comments still carry the old tagger’s result.</p>
            <div class="form-actions">
              <button type="button" class="button primary" onClick={continueNow} disabled={running()} aria-disabled={running()}>
                {running() ? 'Re-tagging…' : 'Continue now'}
              </button>
            </div>
            <Show when={error()}>
              <p class="form-error" role="alert">
                {error()}
              </p>
            </Show>
          </section>
        )}
      </Show>
      <p role="status" class="row-message">
        {finished() && !active(progress.latest) ? 'Every comment is tagged with the new tagger.' : ''}
      </p>
    </>
  )
}
