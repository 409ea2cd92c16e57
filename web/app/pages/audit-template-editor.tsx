import { Page } from '../components/page.tsx'

/** Placeholder while the audit screens are built (issue 5). */
export function AuditTemplateEditorPage() {
  return (
    <Page title="Audit template">
      <div class="card">
        <p>Coming soon.</p>
      </div>
    </Page>
  )
}
