/**
 * CSV in and out (RFC 4180, as spreadsheets write it): quoted fields with `""` for a quote and line
 * breaks inside quotes, LF, CRLF or CR line ends, a UTF-8 byte-order mark, and the separator of
 * the header line (comma, or the semicolon or tab some spreadsheet locales export).
 */

export interface CsvRow {
  /** Line of the file where the row starts (1 = first line). */
  line: number
  fields: string[]
}

export type CsvParse = { ok: true; rows: CsvRow[]; separator: string } | { ok: false; line: number; message: string }

/**
 * Parses a whole file. A quote that never closes, or text straight after a closing quote, is an
 * error naming the line where the field starts: a half-read file must not be imported.
 *
 * @example parseCsv('name,email\r\n"Lee, Ann",ann@example.com\r\n')
 * // → rows [{line:1, fields:['name','email']}, {line:2, fields:['Lee, Ann','ann@example.com']}]
 */
export function parseCsv(text: string): CsvParse {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const separator = detectSeparator(text)
  const rows: CsvRow[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let rowLine = 1
  let i = 0
  const n = text.length
  const endRow = () => {
    fields.push(field)
    rows.push({ line: rowLine, fields })
    fields = []
    field = ''
  }
  while (i < n) {
    const ch = text[i]!
    if (ch === '"' && field === '') {
      const startLine = line
      i++
      for (;;) {
        if (i >= n) return { ok: false, line: startLine, message: 'a quoted field is never closed (unbalanced quotes)' }
        const q = text[i]!
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (q === '\r' || q === '\n') {
          if (q === '\r' && text[i + 1] === '\n') i++
          line++
          field += '\n'
          i++
          continue
        }
        field += q
        i++
      }
      const next = text[i]
      if (next !== undefined && next !== separator && next !== '\r' && next !== '\n')
        return { ok: false, line, message: 'unexpected text after a closing quote (a quote inside a field must be doubled: "")' }
      continue
    }
    if (ch === separator) {
      fields.push(field)
      field = ''
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      endRow()
      if (ch === '\r' && text[i + 1] === '\n') i++
      i++
      line++
      rowLine = line
      continue
    }
    if (ch === '"') return { ok: false, line, message: 'a quote in the middle of an unquoted field (quote the whole field and double the quote: "")' }
    field += ch
    i++
  }
  if (field !== '' || fields.length) endRow()
  return { ok: true, rows, separator }
}

/** The separator of the header line: the most frequent of `,` `;` and tab outside quotes (comma on a tie). */
function detectSeparator(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && ch in counts) counts[ch]!++
  }
  let best = ','
  for (const s of [';', '\t']) if (counts[s]! > counts[best]!) best = s
  return best
}

/**
 * One CSV cell for a file people open in a spreadsheet. Quotes it when it holds a separator, quote
 * or line break. A cell starting with `=`, `+`, `-`, `@`, tab or carriage return would be run as a
 * formula (CSV injection), so it gets a leading `'`; except a plain number such as a phone number
 * (`+44 20 7946 0958`): with no letters it cannot call a function or reach another cell, and a
 * mailing tool needs it as it is.
 *
 * @example csvCell('=HYPERLINK("http://x")') // → `"'=HYPERLINK(""http://x"")"`
 */
export function csvCell(value: string): string {
  let v = value
  if (/^[=+\-@\t\r]/.test(v) && !/^[+-]?[\d\s().-]+$/.test(v)) v = `'${v}`
  return /[",\r\n;\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** Rows as a CSV file: comma-separated, CRLF line ends (RFC 4180), with a BOM so Excel reads UTF-8. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
