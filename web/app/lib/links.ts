import type { InferResponseType } from 'hono/client'
import type { TLinkInput, TLinkPatch } from '../../../shared/distribution.ts'
import { api, call, request } from './api.ts'

/** A survey's link (collector) as the manager's API returns it. */
export type Link = InferResponseType<(typeof api.surveys)[':id']['collectors']['$get'], 200>['collectors'][number]
export type SurveyStats = InferResponseType<(typeof api.surveys)[':id']['stats']['$get'], 200>
export type Funnel = SurveyStats['totals']
export type InvitationTotals = InferResponseType<(typeof api.surveys)[':id']['collectors'][':collectorId']['invitations']['$get'], 200>['totals']

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

export const listLinks = (surveyId: string) => call(api.surveys[':id'].collectors.$get({ param: { id: surveyId } })).then((r) => r.collectors)
export const createLink = (surveyId: string, input: TLinkInput) => call(api.surveys[':id'].collectors.$post({ param: { id: surveyId }, json: input })).then((r) => r.collector)
export const updateLink = (surveyId: string, linkId: string, patch: TLinkPatch) =>
  call(api.surveys[':id'].collectors[':collectorId'].$patch({ param: { id: surveyId, collectorId: linkId }, json: patch })).then((r) => r.collector)
export const getSurveyStats = (surveyId: string, linkId?: string) => call(api.surveys[':id'].stats.$get({ param: { id: surveyId }, query: linkId ? { collectorId: linkId } : {} }))
export const qrSvgUrl = (surveyId: string, linkId: string, inline = false) => `${one(surveyId, linkId)}/qr.svg${inline ? '?download=0' : ''}`
export const qrPngUrl = (surveyId: string, linkId: string) => `${one(surveyId, linkId)}/qr.png?size=1024`
export const invitationsUrl = (surveyId: string, linkId: string) => `${one(surveyId, linkId)}/invitations`
export const getInvitations = (surveyId: string, linkId: string) => call(api.surveys[':id'].collectors[':collectorId'].invitations.$get({ param: { id: surveyId, collectorId: linkId } }))
/** The contact file goes as it is (text/csv), which the typed client cannot send. */
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
