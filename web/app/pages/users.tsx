import { createResource, createSignal, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles.ts'
import { api, call, errorMessage, type InvitationRow, type UserRow } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate } from '../lib/format.ts'
import { session } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { CopyField } from '../components/copy-field.tsx'
import { FormFeedback, SelectField, SubmitButton, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))

/** Admins: who can sign in, with which role; invitations as links to copy. */
export function UsersPage() {
  const [users, { refetch }] = createResource(() => call(api.users.$get()).then((r) => r.users))
  const [invitations, { refetch: refetchInvitations }] = createResource(() => call(api.users.invitations.$get()).then((r) => r.invitations))
  const [message, setMessage] = createSignal('')

  const changeRole = async (user: UserRow, role: Role, select: HTMLSelectElement) => {
    try {
      await call(api.users[':id'].$patch({ param: { id: user.id }, json: { role } }))
      setMessage(`${user.name} is now ${ROLE_LABELS[role]}. They will need to sign in again.`)
      refetch()
    } catch (err) {
      select.value = user.role
      setMessage(errorMessage(err))
    }
  }

  const setActive = async (user: UserRow, active: boolean) => {
    if (!active) {
      const ok = await confirmAction({
        title: `Deactivate ${user.name}?`,
        message: `${user.name} is signed out everywhere and can no longer sign in. Their past work is kept. You can reactivate them later.`,
        confirmLabel: 'Deactivate',
        danger: true,
      })
      if (!ok) return
    }
    try {
      await call(api.users[':id'].$patch({ param: { id: user.id }, json: { active } }))
      setMessage(active ? `${user.name} can sign in again.` : `${user.name} has been deactivated.`)
      refetch()
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  const revoke = async (inv: InvitationRow) => {
    const ok = await confirmAction({ title: `Revoke the invitation for ${inv.email}?`, message: 'The link stops working straight away.', confirmLabel: 'Revoke invitation', danger: true })
    if (!ok) return
    try {
      await call(api.users.invitations[':id'].$delete({ param: { id: inv.id } }))
      setMessage(`Invitation for ${inv.email} revoked.`)
      refetchInvitations()
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  return (
    <Page title="Users" lead="Invite colleagues and choose what each can do. Changing a role or deactivating someone signs them out.">
      <div class="layout-split">
        <div class="card">
          <InviteForm onInvited={() => refetchInvitations()} />
        </div>
        <div class="card">
          <h2>People</h2>
          <p role="status" class="row-message">
            {message()}
          </p>
          <AsyncView resource={users} loading="Loading users…" onRetry={refetch}>
            {(rows) => (
              <div class="table-wrap">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Email</th>
                      <th scope="col">Role</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span class="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={rows()}>
                      {(u) => (
                        <tr classList={{ archived: !u.active }}>
                          <th scope="row">
                            {u.name}
                            <Show when={u.id === session()?.user.id}>
                              <span class="tag">You</span>
                            </Show>
                          </th>
                          <td>{u.email}</td>
                          <td>
                            <label class="sr-only" for={`role-${u.id}`}>
                              Role of {u.name}
                            </label>
                            <select id={`role-${u.id}`} value={u.role} onChange={(e) => changeRole(u, e.currentTarget.value as Role, e.currentTarget)} disabled={!u.active}>
                              <For each={ROLE_OPTIONS}>{(o) => <option value={o.value} selected={o.value === u.role}>{o.label}</option>}</For>
                            </select>
                          </td>
                          <td>{u.active ? 'Active' : 'Deactivated'}</td>
                          <td class="actions">
                            <Show
                              when={u.active}
                              fallback={
                                <button type="button" class="button small" onClick={() => setActive(u, true)}>
                                  Reactivate<span class="sr-only"> {u.name}</span>
                                </button>
                              }
                            >
                              <button type="button" class="button small subtle-danger" onClick={() => setActive(u, false)}>
                                Deactivate<span class="sr-only"> {u.name}</span>
                              </button>
                            </Show>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            )}
          </AsyncView>

          <h2 class="spaced">Invitations</h2>
          <AsyncView resource={invitations} loading="Loading invitations…" onRetry={refetchInvitations}>
            {(rows) => (
              <Show when={rows().length > 0} fallback={<EmptyState title="No invitations"><p>Invitations you send appear here until they are used.</p></EmptyState>}>
                <div class="table-wrap">
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">Email</th>
                        <th scope="col">Role</th>
                        <th scope="col">Status</th>
                        <th scope="col">
                          <span class="sr-only">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={rows()}>
                        {(inv) => (
                          <tr>
                            <th scope="row">{inv.email}</th>
                            <td>{ROLE_LABELS[inv.role as Role] ?? inv.role}</td>
                            <td>{invitationStatus(inv)}</td>
                            <td class="actions">
                              <Show when={invitationStatus(inv).startsWith('Pending')}>
                                <button type="button" class="button small subtle-danger" onClick={() => revoke(inv)}>
                                  Revoke<span class="sr-only"> invitation for {inv.email}</span>
                                </button>
                              </Show>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            )}
          </AsyncView>
        </div>
      </div>
    </Page>
  )
}

function invitationStatus(inv: InvitationRow): string {
  if (inv.accepted_at) return `Accepted ${formatDate(inv.accepted_at)}`
  if (inv.revoked_at) return 'Revoked'
  if (inv.expires_at <= new Date().toISOString()) return 'Expired'
  return `Pending, expires ${formatDate(inv.expires_at)}`
}

function InviteForm(props: { onInvited: () => void }) {
  const form = createSubmitter()
  const [values, setValues] = createStore<{ email: string; role: Role }>({ email: '', role: 'manager' })
  const [link, setLink] = createSignal<{ email: string; url: string } | null>(null)
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setLink(null)
    const created = await form.run(() => call(api.users.invitations.$post({ json: { ...values } })))
    if (!created) return focusFirstInvalid(formEl)
    setLink({ email: created.invitation.email, url: created.url })
    setValues('email', '')
    props.onInvited()
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h2>Invite someone</h2>
      <TextField label="Email" type="email" value={values.email} onInput={(v) => setValues('email', v)} error={form.fieldError('email')} required autocomplete="off" />
      <SelectField label="Role" value={values.role} onChange={(v) => setValues('role', v as Role)} options={ROLE_OPTIONS} error={form.fieldError('role')} />
      <FormFeedback error={form.error()} />
      <SubmitButton pending={form.pending()} label="Create invitation link" pendingLabel="Creating…" />
      <Show when={link()}>
        {(l) => (
          <div class="invite-link" role="status">
            <p>
              Send this link to <strong>{l().email}</strong> with your usual email or chat. It works once and expires in 7 days.
            </p>
            <CopyField label={`Invitation link for ${l().email}`} value={l().url} />
          </div>
        )}
      </Show>
    </form>
  )
}
