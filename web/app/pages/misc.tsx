import { A } from '@solidjs/router'
import { Page } from '../components/page.tsx'
import { session } from '../lib/session.ts'

export function NotFoundPage(props: { forbidden?: boolean }) {
  return (
    <Page title={props.forbidden ? 'Not available for your role' : 'Page not found'}>
      <div class="card">
        <p>{props.forbidden ? 'Your role cannot use this page. Ask an admin if you need access.' : 'There is nothing at this address.'}</p>
        <p>
          <A href="/">Go to the dashboard</A>
        </p>
      </div>
    </Page>
  )
}

/** Roles with no manager pages yet (mystery shoppers) land here instead of an error. */
export function NothingForRolePage() {
  return (
    <Page title="Nothing here for your role yet">
      <div class="card">
        <p>
          Hello {session()?.user.name}. You are signed in to {session()?.organisation.name}, but there is nothing here for your role yet.
        </p>
        <p>When assignments are given to you, they will appear on this page.</p>
      </div>
    </Page>
  )
}
