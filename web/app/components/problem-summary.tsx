import { For, Show } from 'solid-js'

/**
 * The problems a save found, as a list at the top of an editor: each one says where it is and, when
 * its field is on the page, links to it. The list takes focus after a failed save.
 */
export function ProblemSummary(props: {
  /** [issue path, message] pairs, as the submitter keeps them. */
  issues: [string, string][]
  /** The problem as a sentence naming where it is. */
  sentence: (key: string, message: string) => string
  /** The id of the element to go to for the problem, if there is one. */
  elementId: (key: string) => string | undefined
  onGoTo: (elementId: string) => void
  ref?: (el: HTMLDivElement) => void
}) {
  return (
    <Show when={props.issues.length > 0}>
      <div ref={props.ref} class="error-summary card" tabindex="-1" aria-labelledby="error-summary-title">
        <h2 id="error-summary-title">{props.issues.length === 1 ? 'One problem to fix' : `${props.issues.length} problems to fix`}</h2>
        <ul>
          <For each={props.issues}>
            {([key, message]) => {
              const target = () => props.elementId(key)
              return (
                <li>
                  <Show when={target()} fallback={props.sentence(key, message)}>
                    <a
                      href={`#${target()}`}
                      onClick={(e) => {
                        e.preventDefault()
                        props.onGoTo(target()!)
                      }}
                    >
                      {props.sentence(key, message)}
                    </a>
                  </Show>
                </li>
              )
            }}
          </For>
        </ul>
      </div>
    </Show>
  )
}
