import { z } from 'zod'
import { parseCsv, toCsv } from '../../shared/csv.ts'
import type { ValidationIssue } from '../../shared/errors.ts'

/**
 * Contact lists for single-use invitations: reading an uploaded file into contacts, every bad row
 * reported by its line, and the export of personal links.
 */

/** Largest contact file, in bytes of UTF-8. */
export const INVITATION_FILE_MAX_BYTES = 2 * 1024 * 1024
/** Most contacts in one file. */
export const INVITATION_FILE_MAX_ROWS = 10_000
/** Most contacts on one list, over every file appended to it. */
export const INVITATION_LIST_MAX = 50_000
/** Issues reported at most; a wholly wrong file would otherwise give one per line. */
const MAX_ISSUES = 200
const MAX_COLUMNS = 50
const MAX_CELL = 1000

const ZContactEmail = z.email()
/** Digits, spaces, `+`, `-` and brackets; 7–20 characters with at least 7 digits. */
const PHONE = /^[0-9 +\-()]{7,20}$/

export interface Contact {
  line: number
  name: string
  email: string | null
  phone: string | null
  attributes: Record<string, string>
}

export type ReadContacts = { ok: true; contacts: Contact[]; attributeColumns: string[] } | { ok: false; issues: ValidationIssue[] }

const ROLE_OF: Record<string, 'name' | 'email' | 'phone'> = { name: 'name', email: 'email', 'e-mail': 'email', phone: 'phone', mobile: 'phone' }
/** Column names the export writes itself. */
const RESERVED = new Set(['link'])

/** Lower-cased email; a phone number's digits with a leading `+` kept, so `+44 (20) 79` = `+442079`. */
export function contactKey(kind: 'email' | 'phone', value: string): string {
  return kind === 'email' ? `e:${value.toLowerCase()}` : `p:${value.trim().startsWith('+') ? '+' : ''}${value.replace(/\D/g, '')}`
}

/**
 * Reads an uploaded contact file. The header row names the columns: `name` (optional), `email`
 * and/or `phone` (each row needs at least one), and any other column is kept as an attribute of
 * the respondent. Blank lines are skipped. Contacts already on the list (`existing`, from
 * `contactKey`) count as duplicates. Lines are the file's own, the header being line 1.
 *
 * @example readContacts('name,email,store\nAnn,ann@example.com,Leeds\n', new Set())
 * // → {ok:true, contacts:[{line:2, name:'Ann', email:'ann@example.com', phone:null, attributes:{store:'Leeds'}}], attributeColumns:['store']}
 */
export function readContacts(text: string, existing: ReadonlySet<string>): ReadContacts {
  const parsed = parseCsv(text)
  if (!parsed.ok) return { ok: false, issues: [{ path: `line ${parsed.line}`, message: parsed.message }] }
  const rows = parsed.rows.filter((r) => r.fields.some((f) => f.trim() !== ''))
  const header = rows.shift()
  if (!header) return { ok: false, issues: [{ path: 'file', message: 'the file is empty: it needs a header row (name, email, phone, …) and one row per contact' }] }
  if (rows.length > INVITATION_FILE_MAX_ROWS)
    return { ok: false, issues: [{ path: 'file', message: `the file has ${rows.length} contacts; at most ${INVITATION_FILE_MAX_ROWS} can be uploaded at once (split it into several files)` }] }

  const issues: ValidationIssue[] = []
  const at = (line: number, message: string) => issues.length < MAX_ISSUES && issues.push({ path: `line ${line}`, message })

  const names = header.fields.map((f) => f.trim())
  const roles = names.map((h) => ROLE_OF[h.toLowerCase()])
  const seenNames = new Map<string, number>()
  names.forEach((h, i) => {
    if (h === '') {
      // A trailing separator gives a nameless empty column: harmless. With values, it is a mistake.
      if (rows.some((r) => (r.fields[i] ?? '').trim() !== '')) at(header.line, `column ${i + 1} has values but no heading`)
      return
    }
    const key = roles[i] ?? h.toLowerCase()
    if (seenNames.has(key)) at(header.line, `the heading "${h}" appears twice (columns ${seenNames.get(key)! + 1} and ${i + 1})`)
    seenNames.set(key, i)
    if (!roles[i] && RESERVED.has(key)) at(header.line, `"${h}" cannot be a column: the exported file adds the personal link under that heading`)
    if (h.length > 100) at(header.line, `the heading of column ${i + 1} is longer than 100 characters`)
  })
  if (!roles.includes('email') && !roles.includes('phone'))
    at(header.line, `the header row needs an "email" or "phone" column (found: ${names.filter(Boolean).map((n) => `"${n}"`).join(', ') || 'nothing'})`)
  const attributeColumns = names.filter((h, i) => h !== '' && !roles[i])
  if (attributeColumns.length > MAX_COLUMNS) at(header.line, `the file has ${attributeColumns.length} extra columns; at most ${MAX_COLUMNS} are kept`)
  if (issues.length) return { ok: false, issues }

  const seen = new Map<string, number>()
  const contacts: Contact[] = []
  for (const row of rows) {
    if (row.fields.length > names.length && row.fields.slice(names.length).some((f) => f.trim() !== '')) {
      at(row.line, `has ${row.fields.length} fields but the header has ${names.length} (a comma inside a value needs the value in quotes)`)
      continue
    }
    // No prototype: a column named __proto__ or constructor is an attribute like any other.
    const contact: Contact = { line: row.line, name: '', email: null, phone: null, attributes: Object.create(null) as Record<string, string> }
    let rowOk = true
    names.forEach((h, i) => {
      if (h === '') return
      const value = (row.fields[i] ?? '').trim()
      if (value.length > MAX_CELL) {
        at(row.line, `the ${h} is longer than ${MAX_CELL} characters`)
        rowOk = false
        return
      }
      const role = roles[i]
      if (role === 'name') contact.name = value
      else if (role === 'email') contact.email = value || null
      else if (role === 'phone') contact.phone = value || null
      else contact.attributes[h] = value
    })
    if (!rowOk) continue
    if (contact.name.length > 200) at(row.line, 'the name is longer than 200 characters')
    if (contact.email !== null && !ZContactEmail.safeParse(contact.email).success) at(row.line, `email "${clip(contact.email)}" is not an email address`)
    if (contact.phone !== null && !(PHONE.test(contact.phone) && contact.phone.replace(/\D/g, '').length >= 7))
      at(row.line, `phone "${clip(contact.phone)}" is not a phone number (7 to 20 digits, spaces, +, - and brackets)`)
    if (contact.email === null && contact.phone === null) at(row.line, 'has neither an email nor a phone number')
    for (const kind of ['email', 'phone'] as const) {
      const value = contact[kind]
      if (value === null) continue
      const key = contactKey(kind, value)
      if (existing.has(key)) at(row.line, `${kind} "${clip(value)}" is already on this list`)
      else if (seen.has(key)) at(row.line, `${kind} "${clip(value)}" is also on line ${seen.get(key)}`)
      else seen.set(key, row.line)
    }
    contacts.push(contact)
  }
  if (issues.length) return { ok: false, issues }
  if (!contacts.length) return { ok: false, issues: [{ path: 'file', message: 'the file has a header row but no contacts' }] }
  return { ok: true, contacts, attributeColumns }
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s
}

export interface ExportedInvitation {
  name: string
  email: string | null
  phone: string | null
  attributes: Record<string, string>
  link: string
}

/**
 * The file of personal links to hand to a mail or SMS tool: name, email, phone, every attribute
 * column any uploaded file had (in the order first seen), and the link.
 */
export function invitationsCsv(rows: readonly ExportedInvitation[]): string {
  const columns: string[] = []
  const known = new Set<string>()
  for (const r of rows)
    for (const k of Object.keys(r.attributes))
      if (!known.has(k)) {
        known.add(k)
        columns.push(k)
      }
  return toCsv([
    ['name', 'email', 'phone', ...columns, 'link'],
    ...rows.map((r) => [r.name, r.email ?? '', r.phone ?? '', ...columns.map((k) => (Object.hasOwn(r.attributes, k) ? String(r.attributes[k]) : '')), r.link]),
  ])
}
