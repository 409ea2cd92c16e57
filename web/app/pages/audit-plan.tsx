import { Page } from '../components/page.tsx'

/** Placeholder while the audit screens are built (issue 5). */
export function AuditPlanPage() {
  return (
    <Page title="Assign visits">
      <div class="card">
        <p>Coming soon.</p>
      </div>
    </Page>
  )
}
