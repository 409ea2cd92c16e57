import { Page } from '../components/page.tsx'

/** Placeholder while the audit screens are built (issue 5). */
export function AuditDetailPage() {
  return (
    <Page title="Audit">
      <div class="card">
        <p>Coming soon.</p>
      </div>
    </Page>
  )
}
