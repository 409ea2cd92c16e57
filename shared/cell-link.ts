// Links into the manager app, zod-free so the board page can use them without loading zod.

/**
 * A link to a page of the manager app with its filters in the address; empty values are left out.
 * @example appLink('/comments', { location: 'L1', survey: undefined, label: 'negative' }) // '/comments?location=L1&label=negative'
 */
export function appLink(path: string, params: Record<string, string | undefined | null>): string {
  let q = ''
  for (const k in params) {
    const v = params[k]
    if (v) q += `${q ? '&' : '?'}${k}=${encodeURIComponent(v)}`
  }
  return path + q
}

/**
 * A board row's drill-down link narrowed to one location (the location first, as the comments and
 * audits pages read it); the link itself when there is none.
 * @example cellLink('/comments?from=2026-06-01&label=negative', 'L1') // '/comments?location=L1&from=2026-06-01&label=negative'
 */
export function cellLink(link: string, locationId: string | null | undefined): string {
  if (!locationId) return link
  const q = link.indexOf('?')
  const location = `location=${encodeURIComponent(locationId)}`
  return q < 0 ? `${link}?${location}` : `${link.slice(0, q)}?${location}&${link.slice(q + 1)}`
}
