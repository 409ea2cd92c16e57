import { A, useParams, useSearchParams } from '@solidjs/router'
import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js'
import { listLinks, qrSvgUrl } from '../lib/links.ts'
import { session } from '../lib/session.ts'
import { AsyncView } from '../components/async-view.tsx'
import { Page } from '../components/page.tsx'

const SIZES = { A4: '210mm 297mm', A6: '105mm 148mm' } as const
type Size = keyof typeof SIZES

/** A printable poster for one link: the organisation, a call to action, the QR code and the short address. */
export function LinkPosterPage() {
  const params = useParams()
  const [search, setSearch] = useSearchParams()
  const [links, { refetch }] = createResource(() => params.id, listLinks)
  const link = () => links()?.find((l) => l.id === params.collectorId)
  const size = (): Size => (search.size === 'A6' ? 'A6' : 'A4')
  const [action, setAction] = createSignal('Tell us how we did')

  // Only the poster prints; the page size follows the switcher.
  createEffect(() => document.documentElement.classList.add('printing-poster'))
  onCleanup(() => document.documentElement.classList.remove('printing-poster'))

  return (
    <Page title="Print poster" lead="Change the call to action if you like, choose the paper size, then print.">
      <p class="breadcrumb no-print">
        <A href={`/surveys/${params.id}/links`}>← Back to the links</A>
      </p>
      <AsyncView resource={links} loading="Loading the link…" onRetry={refetch}>
        {() => (
          <Show when={link()} fallback={<p class="notice notice-error">This link does not exist.</p>}>
            {(l) => (
              <>
                <style>{`@page { size: ${SIZES[size()]}; margin: ${size() === 'A4' ? '15mm' : '8mm'}; }`}</style>
                <div class="poster-controls no-print">
                  <fieldset class="fieldset">
                    <legend>Paper size</legend>
                    <div class="radio-row">
                      <For each={Object.keys(SIZES) as Size[]}>
                        {(s) => (
                          <label class="radio-option">
                            <input type="radio" name="poster-size" value={s} checked={size() === s} onChange={() => setSearch({ size: s }, { replace: true })} />
                            <span>{s}</span>
                          </label>
                        )}
                      </For>
                    </div>
                  </fieldset>
                  <div class="field">
                    <label for="poster-action">Call to action</label>
                    <input id="poster-action" type="text" maxLength={80} value={action()} onInput={(e) => setAction(e.currentTarget.value)} />
                  </div>
                  <button type="button" class="button primary" onClick={() => window.print()}>
                    Print
                  </button>
                </div>
                <article class={`poster poster-${size()}`} aria-label="Poster">
                  <p class="poster-org">{session()?.organisation.name}</p>
                  <p class="poster-action">{action()}</p>
                  <img class="poster-qr" src={qrSvgUrl(params.id!, l().id, true)} alt={`QR code for ${l().url}`} />
                  <p class="poster-scan">Scan the code with your phone’s camera, or go to</p>
                  <p class="poster-url">{l().url.replace(/^https?:\/\//, '')}</p>
                </article>
              </>
            )}
          </Show>
        )}
      </AsyncView>
    </Page>
  )
}
