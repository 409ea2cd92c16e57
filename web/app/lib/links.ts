import { request } from './api.ts'

/** A survey's link (collector) as the manager's API returns it. */
export interface Link {
  id: string
  token: string
  url: string
  label: string
  kind: 'link' | 'invitations'
  locationId: string | null
  locationName: string | null
  channel: string
  status: 'open' | 'paused' | 'closed'
  /** What a customer opening the link now meets. */
  state: 'open' | 'paused' | 'closed' | 'scheduled' | 'expired' | 'full'
  opensAt: string | null
  closesAt: string | null
  responseCap: number | null
  responses: number
  identified: boolean
  onePerDevice: boolean
  kiosk: boolean
  thankYou: string
  redirectUrl: string | null
  createdAt: string
}

export interface Funnel {
  views: number
  starts: number
  completions: number
  completionRate: number | null
}

export interface SurveyStats {
  totals: Funnel
  links: (Funnel & { collectorId: string; label: string })[]
  dropOff: { questionId: string; text: string; reached: number; share: number | null }[]
}

export interface InvitationTotals {
  invited: number
  sent: number
  opened: number
  answered: number
}

export const STATE_LABELS: Record<Link['state'], string> = {
  open: 'Open',
  paused: 'Paused',
  closed: 'Closed',
  scheduled: 'Not open yet',
  expired: 'Expired',
  full: 'Full',
}

export const CHANNELS = [
  { value: 'receipt', label: 'Receipt' },
  { value: 'sms', label: 'SMS' },
  { value: 'email', label: 'Email' },
  { value: 'qr', label: 'QR code' },
  { value: 'kiosk', label: 'Kiosk' },
  { value: 'web', label: 'Website' },
  { value: 'other', label: 'Other' },
] as const

export function channelLabel(channel: string): string {
  return CHANNELS.find((c) => c.value === channel)?.label ?? channel
}

const base = (surveyId: string) => `/api/surveys/${encodeURIComponent(surveyId)}/collectors`
const one = (surveyId: string, linkId: string) => `${base(surveyId)}/${encodeURIComponent(linkId)}`

export const listLinks = (surveyId: string) => request<{ collectors: Link[] }>('GET', base(surveyId)).then((r) => r.collectors)
export const createLink = (surveyId: string, input: unknown) => request<{ collector: Link }>('POST', base(surveyId), { json: input }).then((r) => r.collector)
export const updateLink = (surveyId: string, linkId: string, patch: unknown) => request<{ collector: Link }>('PATCH', one(surveyId, linkId), { json: patch }).then((r) => r.collector)
export const getSurveyStats = (surveyId: string, linkId?: string) =>
  request<SurveyStats>('GET', `/api/surveys/${encodeURIComponent(surveyId)}/stats${linkId ? `?collectorId=${encodeURIComponent(linkId)}` : ''}`)
export const qrSvgUrl = (surveyId: string, linkId: string, inline = false) => `${one(surveyId, linkId)}/qr.svg${inline ? '?download=0' : ''}`
export const qrPngUrl = (surveyId: string, linkId: string) => `${one(surveyId, linkId)}/qr.png?size=1024`
export const invitationsUrl = (surveyId: string, linkId: string) => `${one(surveyId, linkId)}/invitations`
export const getInvitations = (surveyId: string, linkId: string) => request<{ totals: InvitationTotals; invitations: unknown[] }>('GET', invitationsUrl(surveyId, linkId))
export const uploadInvitations = (surveyId: string, linkId: string, csv: string) => request<{ imported: number }>('POST', invitationsUrl(surveyId, linkId), { csv })


/** An ISO time as the value of a `datetime-local` field, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

/** A `datetime-local` value as an ISO time with offset; '' is no date, an unreadable value is kept for the schema to refuse. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? value : d.toISOString()
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return ''
  return new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
}
