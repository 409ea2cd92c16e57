import type { InferResponseType } from 'hono/client'
import { api, call } from '../../lib/api.ts'
import type { CommentFilters, SentimentLabel } from './types.ts'

const PAGE_SIZE = '25'

/** Only the filters that are set: the API treats an empty value as a filter. */
function query(filters: CommentFilters): CommentFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as CommentFilters
}

export const commentsApi = {
  list: (filters: CommentFilters, cursor?: string) => call(api.comments.$get({ query: { ...query(filters), ...(cursor ? { cursor } : {}), limit: PAGE_SIZE } })),
  themes: (filters: CommentFilters) => call(api.comments.themes.$get({ query: query(filters) })),
  correct: (id: string, body: { label: SentimentLabel; themes: string[] }) =>
    call(api.comments[':id'].$patch({ param: { id }, json: body as Parameters<(typeof api.comments)[':id']['$patch']>[0]['json'] })).then((r) => r.comment),
  undo: (id: string) => call(api.comments[':id'].correction.$delete({ param: { id } })).then((r) => r.comment),
  retag: () => call(api.comments.retag.$get()).then((r) => r.progress),
  retagStep: () => call(api.comments.retag.$post()).then((r) => r.progress),
}

export type CommentPage = InferResponseType<typeof api.comments.$get, 200>
export type CommentRow = CommentPage['comments'][number]
export type ThemeSummary = InferResponseType<typeof api.comments.themes.$get, 200>
export type ThemeSummaryRow = ThemeSummary['themes'][number]
export type RetagProgress = NonNullable<InferResponseType<typeof api.comments.retag.$get, 200>['progress']>

export const CORRECTIONS_URL = '/api/comments/corrections.jsonl'
