import { createEffect, onMount, Show, type JSX } from 'solid-js'

let firstPage = true

/**
 * A page's heading and document title. After a client-side navigation focus moves to the heading,
 * so screen-reader and keyboard users start at the new page rather than the old link.
 */
export function Page(props: { title: string; lead?: string; actions?: JSX.Element; children: JSX.Element; narrow?: boolean }) {
  let heading: HTMLHeadingElement | undefined
  createEffect(() => {
    document.title = `${props.title} · Yardstick`
  })
  onMount(() => {
    if (firstPage) firstPage = false
    else heading?.focus({ preventScroll: false })
  })
  return (
    <section class="page" classList={{ 'page-narrow': props.narrow }}>
      <header class="page-header">
        <div>
          <h1 ref={heading} tabindex="-1">
            {props.title}
          </h1>
          <Show when={props.lead}>
            <p class="lead">{props.lead}</p>
          </Show>
        </div>
        <Show when={props.actions}>
          <div class="page-actions">{props.actions}</div>
        </Show>
      </header>
      {props.children}
    </section>
  )
}
