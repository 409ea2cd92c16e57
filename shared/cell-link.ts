// Zod-free, so the manager app's board page can use it without loading zod.

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
