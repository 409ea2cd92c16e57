import { createEffect, type JSX } from 'solid-js'

/** The frame of the pages shown before sign-in: a centred card with the product name. */
export function PublicFrame(props: { title: string; lead?: string; children: JSX.Element }) {
  createEffect(() => {
    document.title = `${props.title} · Yardstick`
  })
  return (
    <main id="main" class="public-page">
      <div class="public-brand">
        <img src="/favicon.svg" alt="" width="32" height="32" />
        <span>Yardstick</span>
      </div>
      <div class="card narrow">
        <h1>{props.title}</h1>
        {props.lead && <p class="lead">{props.lead}</p>}
        {props.children}
      </div>
    </main>
  )
}
