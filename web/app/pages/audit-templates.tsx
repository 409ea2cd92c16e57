import { Page } from '../components/page.tsx'

/** Placeholder while the audit screens are built (issue 5). */
export function AuditTemplatesPage() {
  return (
    <Page title="Audit templates">
      <div class="card">
        <p>Coming soon.</p>
      </div>
    </Page>
  )
}
