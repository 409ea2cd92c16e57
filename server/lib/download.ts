/**
 * `Content-Disposition` for a file the browser saves: an ASCII fallback name (letters, digits and
 * dashes from the label) and the full name as RFC 5987 `filename*`, so a label in Arabic or with
 * accents keeps its name, and no quote or newline in a label can break the header.
 */
export function contentDisposition(label: string, suffix: string, extension: string, inline = false): string {
  const base = label.normalize('NFKC').trim().replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'link'
  const full = `${base} ${suffix}.${extension}`
  const ascii =
    `${base} ${suffix}`
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || suffix
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(full).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`
}
