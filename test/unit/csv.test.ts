import { describe, expect, it } from 'vitest'
import { csvCell, parseCsv, toCsv } from '../../shared/csv.ts'
import { contactKey, readContacts } from '../../server/domain/invitations.ts'

const rows = (text: string) => {
  const r = parseCsv(text)
  if (!r.ok) throw new Error(`line ${r.line}: ${r.message}`)
  return r.rows
}

describe('parseCsv', () => {
  it('reads quoted separators, doubled quotes and line breaks inside quotes, with the line each row starts on', () => {
    expect(rows('a,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\nlast,row')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 5, fields: ['last', 'row'] },
    ])
  })

  it('takes LF, CRLF and lone CR line ends and drops a byte-order mark', () => {
    const expected = [
      ['name', 'email'],
      ['Ann', 'a@example.com'],
    ]
    for (const eol of ['\n', '\r\n', '\r']) expect(rows(`\ufeffname,email${eol}Ann,a@example.com${eol}`).map((r) => r.fields)).toEqual(expected)
  })

  it('keeps empty fields, including quoted empty ones and a trailing separator', () => {
    expect(rows('a,,""\n,b,\n').map((r) => r.fields)).toEqual([
      ['a', '', ''],
      ['', 'b', ''],
    ])
  })

  it('uses the separator of the header line', () => {
    expect(parseCsv('a;b;c\n1,5;2;3\n')).toMatchObject({ ok: true, separator: ';', rows: [{ fields: ['a', 'b', 'c'] }, { fields: ['1,5', '2', '3'] }] })
    expect(parseCsv('a\tb\n1\t2\n')).toMatchObject({ ok: true, separator: '\t' })
    expect(parseCsv('"a;b",c\n')).toMatchObject({ ok: true, separator: ',' }) // a quoted ; does not count
  })

  it('refuses an unclosed quote (naming the line it opened on) and text after a closing quote', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ ok: false, line: 2, message: 'a quoted field is never closed (unbalanced quotes)' })
    expect(parseCsv('a,b\n"x"y,1\n')).toMatchObject({ ok: false, line: 2 })
    expect(parseCsv('a,b\nx"y,1\n')).toMatchObject({ ok: false, line: 2 })
  })

  it('round-trips what toCsv writes, whatever the cell holds', () => {
    const alphabet = ['a', 'Z', '1', ' ', ',', ';', '"', '\n', '\r\n', '\t', 'é', 'م', '😀']
    let seed = 7
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    for (let t = 0; t < 300; t++) {
      const table = Array.from({ length: 1 + rand(4) }, () => Array.from({ length: 3 }, () => 'x' + Array.from({ length: rand(8) }, () => alphabet[rand(alphabet.length)]).join('')))
      const back = rows(toCsv(table)).map((r) => r.fields)
      expect(back).toEqual(table.map((r) => r.map((c) => c.replace(/\r\n/g, '\n'))))
    }
  })
})

describe('csvCell', () => {
  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('+cmd')).toBe("'+cmd")
    expect(csvCell('-A1')).toBe("'-A1")
    expect(csvCell('\t=1')).toBe(`"'\t=1"`)
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
  })

  it('leaves phone numbers and plain text alone', () => {
    expect(csvCell('+44 (20) 7946-0958')).toBe('+44 (20) 7946-0958')
    expect(csvCell('-12.5')).toBe('-12.5')
    expect(csvCell('Ann = Bo')).toBe('Ann = Bo')
    expect(csvCell('https://x.example/s/abc')).toBe('https://x.example/s/abc')
  })
})

describe('readContacts', () => {
  it('names headings case-insensitively and keeps every other column as an attribute', () => {
    const r = readContacts('E-mail,NAME,Mobile,Store\nann@example.com,Ann,+44 7700 900123,Leeds\n', new Set())
    expect(r).toEqual({ ok: true, attributeColumns: ['Store'], contacts: [{ line: 2, name: 'Ann', email: 'ann@example.com', phone: '+44 7700 900123', attributes: { Store: 'Leeds' } }] })
  })

  it('a column named __proto__ is an attribute like any other', () => {
    const r = readContacts('email,__proto__\na@example.com,x\n', new Set())
    expect(r.ok && JSON.stringify(r.contacts[0]!.attributes)).toBe('{"__proto__":"x"}')
  })

  it('compares contacts the way a person would: email case, phone punctuation', () => {
    expect(contactKey('email', 'Ann@Example.COM')).toBe(contactKey('email', 'ann@example.com'))
    expect(contactKey('phone', '+44 (20) 7946-0958')).toBe(contactKey('phone', '+442079460958'))
    expect(contactKey('phone', '+442079460958')).not.toBe(contactKey('phone', '442079460958'))
  })
})
