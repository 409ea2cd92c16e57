import { Page } from '../components/page.tsx'

/** Placeholder while the audit screens are built (issue 5). */
export function AuditResultsPage() {
  return (
    <Page title="Audit results">
      <div class="card">
        <p>Coming soon.</p>
      </div>
    </Page>
  )
}
