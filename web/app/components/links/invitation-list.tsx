import { createResource, createSignal, createUniqueId, For, Show } from 'solid-js'
import { ApiError, errorMessage } from '../../lib/api.ts'
import { getInvitations, invitationsUrl, uploadInvitations } from '../../lib/links.ts'
import { allowed } from '../../lib/session.ts'
import { AsyncView } from '../async-view.tsx'

const EXAMPLE = `name,email,phone,store,member
Sam Carter,sam@example.com,,High Street,gold
Priya Shah,,+44 7700 900123,Riverside,`

/**
 * An invitation list: upload contacts as CSV, get personal single-use links back, see how many were
 * sent, opened and answered. A file with any bad row imports nothing, and the report says which lines.
 */
export function InvitationList(props: { surveyId: string; linkId: string; label: string }) {
  const [data, { refetch }] = createResource(() => getInvitations(props.surveyId, props.linkId))
  const [uploading, setUploading] = createSignal(false)
  const [result, setResult] = createSignal<{ imported: number } | { error: string; lines: { path: string; message: string }[] } | null>(null)
  const [dragOver, setDragOver] = createSignal(false)
  const id = `inv-${createUniqueId()}`
  const base = () => invitationsUrl(props.surveyId, props.linkId)
  let fileInput: HTMLInputElement | undefined

  const upload = async (file: File | undefined) => {
    if (!file || uploading()) return
    setUploading(true)
    setResult(null)
    try {
      const text = await file.text()
      const r = await uploadInvitations(props.surveyId, props.linkId, text)
      setResult({ imported: r.imported })
      refetch()
    } catch (err) {
      const lines = err instanceof ApiError ? err.issues : []
      setResult({ error: lines.length ? `Nothing was imported from “${file.name}”: fix these lines and upload the whole file again.` : errorMessage(err), lines })
    } finally {
      setUploading(false)
      if (fileInput) fileInput.value = ''
    }
  }

  return (
    <div class="invitations">
      <AsyncView resource={data} loading="Loading invitations…" onRetry={refetch}>
        {(d) => (
          <dl class="funnel" aria-label={`Invitations of “${props.label}”`}>
            <div>
              <dt>Invited</dt>
              <dd>{d().totals.invited}</dd>
            </div>
            <div>
              <dt>Sent</dt>
              <dd>{d().totals.sent}</dd>
            </div>
            <div>
              <dt>Opened</dt>
              <dd>{d().totals.opened}</dd>
            </div>
            <div>
              <dt>Answered</dt>
              <dd>{d().totals.answered}</dd>
            </div>
          </dl>
        )}
      </AsyncView>
      {/* Personal links let their holder answer as that person: exporting them needs the right to edit surveys. */}
      <Show when={allowed('surveys:write')}>
        <div class="button-row">
          <a
            class="button small"
            href={`${base()}.csv`}
            download=""
            onClick={(e) => {
              // Fetched here rather than followed, so the totals refresh once the server has marked them sent.
              e.preventDefault()
              void saveDownload(`${base()}.csv`, 'personal-links.csv').then(() => refetch(), (err) => setResult({ error: errorMessage(err), lines: [] }))
            }}
          >
            Download personal links (CSV)
          </a>
          <a class="button small" href={`${base()}.csv?unanswered=1`} download="">
            Export unanswered (CSV)
          </a>
        </div>
        <p class="hint">Downloading the personal links marks them as sent. Send each contact their own link with any mail or SMS tool; each link can be answered once.</p>
        <div
          class="drop-zone"
          classList={{ 'drop-over': dragOver() }}
          onDragOver={(e) => {
            e.preventDefault()
            setDragOver(true)
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={(e) => {
            e.preventDefault()
            setDragOver(false)
            void upload(e.dataTransfer?.files[0])
          }}
        >
          <label for={`${id}-file`}>Upload contacts (CSV)</label>
          <input id={`${id}-file`} ref={fileInput} type="file" accept=".csv,text/csv" aria-describedby={`${id}-help`} disabled={uploading()} onChange={(e) => void upload(e.currentTarget.files?.[0])} />
          <p class="hint" id={`${id}-help`}>
            Or drop a file here. The first row names the columns: <code>name</code>, and <code>email</code> or <code>phone</code> (at least one per row); any other column is kept with the contact’s answers when the link is identified.
          </p>
          <details class="example">
            <summary>Example file</summary>
            <pre>{EXAMPLE}</pre>
          </details>
        </div>
      </Show>
      <div role="status" class="upload-result">
        <Show when={uploading()}>
          <p>Uploading…</p>
        </Show>
        <Show when={result()}>
          {(r) => (
            <Show when={'imported' in r() ? (r() as { imported: number }) : undefined} fallback={<UploadErrors result={r() as { error: string; lines: { path: string; message: string }[] }} />}>
              {(ok) => <p class="form-success">{ok().imported === 1 ? '1 contact imported.' : `${ok().imported} contacts imported.`}</p>}
            </Show>
          )}
        </Show>
      </div>
    </div>
  )
}

async function saveDownload(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' })
  if (!res.ok) throw new Error(`The download failed (${res.status})`)
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName
  const href = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

function UploadErrors(props: { result: { error: string; lines: { path: string; message: string }[] } }) {
  return (
    <div class="notice notice-error">
      <p>{props.result.error}</p>
      <Show when={props.result.lines.length > 0}>
        <ul class="line-report">
          <For each={props.result.lines}>
            {(l) => (
              <li>
                <strong>{l.path.replace(/^line/, 'Line')}</strong>: {l.message}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}
