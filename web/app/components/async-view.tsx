import { Match, Switch, type Accessor, type JSX, type Resource } from 'solid-js'
import { errorMessage } from '../lib/api.ts'

/** A resource's three states: loading, failed (with a retry) and loaded. */
export function AsyncView<T>(props: { resource: Resource<T>; loading: string; onRetry?: () => void; children: (data: Accessor<T>) => JSX.Element }) {
  return (
    <Switch>
      <Match when={props.resource.error}>
        <div class="notice notice-error" role="alert">
          <p>{errorMessage(props.resource.error)}</p>
          {props.onRetry && (
            <button type="button" class="button" onClick={() => props.onRetry?.()}>
              Try again
            </button>
          )}
        </div>
      </Match>
      <Match when={props.resource.state === 'ready' || props.resource.state === 'refreshing' ? { data: props.resource() as T } : undefined}>
        {(ready) => props.children(() => ready().data)}
      </Match>
      <Match when={props.resource.loading}>
        <p class="loading" role="status">
          {props.loading}
        </p>
      </Match>
    </Switch>
  )
}

export function EmptyState(props: { title: string; children?: JSX.Element }) {
  return (
    <div class="empty-state">
      <h3>{props.title}</h3>
      {props.children}
    </div>
  )
}
