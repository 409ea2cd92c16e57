/**
 * Staff-name privacy mode (DOMAIN.md, "Fairness"): mystery-shop narratives often name the person
 * who served the shopper ("Served by Priya at the till"). One visit must never be the sole basis
 * for judging a person, so when privacy mode is on, names are shown as "[name]".
 *
 * Pure, deterministic and dependency-free so the same rule runs on the server (results, exports)
 * and in the browser (review screen). A name is found by three rules:
 *
 * 1. **Cues**: the capitalised word(s) right after a phrase that introduces a person — "named",
 *    "called", "name is/was", "badge said/read/showing", "served by", "spoke to/with", "asked",
 *    "greeted by", "helped by", "this is", a role ("manager", "cashier", "colleague", "waiter", ...)
 *    or a title ("Mr", "Mrs", "Dr", ...), with an optional comma: "The manager, Tom, was rude".
 *    After a cue a known first name is also caught in lower case ("served by priya").
 * 2. **Known first names**: a built-in list of common first names (multicultural, UK-weighted),
 *    matched when capitalised, even at the start of a sentence. Names that are also everyday words
 *    or months (May, June, Will, Mark, Amber, Max...) are left out of the list on purpose.
 * 3. **Capitalised words inside a sentence**: a capitalised word that does not start a sentence is
 *    treated as a name unless it is on the short keep-list below. This over-redacts some place and
 *    brand names ("went on to [name]"); for a privacy mode that is the safe side. To keep the
 *    narrative readable, these are not redacted:
 *    - "I" and its contractions, "OK";
 *    - all-capital acronyms (ATM, PIN, ATMs) and words containing digits;
 *    - days and months;
 *    - role words and titles (Manager, Mr), and a few payment brands (Visa, Mastercard...);
 *    - a capitalised word after an article ("the Leeds branch", "a Costa cup"): people are not
 *      named with an article, places and products are;
 *    - a word followed by a place word ("Oxford Street", "Victoria Station") or by a number
 *      ("Till 3", "Desk 4").
 *
 * A word found as a name once is hidden everywhere in the text ("Staff member Jo ... Jo was clear").
 * A first name or cue target followed by a surname or an initial is one name: "Priya K." → "[name]."
 * A possessive keeps its ending: "Tom's attitude" → "[name]'s attitude".
 *
 * Known limit: an unknown name at the start of a sentence with no cue ("Kwabena was rude.") is kept.
 *
 * @example redactStaffNames('Served by Priya at the till; her badge said Priya K.')
 *   // 'Served by [name] at the till; her badge said [name].'
 */
export function redactStaffNames(text: string): string {
  const tokens = tokenize(text)
  if (tokens.length === 0) return text
  // A name found once is hidden everywhere, even where no rule would catch it on its own:
  // "Staff member Jo explained the policy. Jo was clear."
  const starts = new Set<number>()
  const found = new Set<string>()
  tokens.forEach((token, index) => {
    if (!isNameStart(tokens, index, text)) return
    starts.add(index)
    found.add(token.core)
  })
  const redact: Array<{ start: number; end: number }> = []
  let i = 0
  while (i < tokens.length) {
    const token = tokens[i]!
    if (starts.has(i) || (found.has(token.core) && isNameLike(token))) {
      let end = token.coreEnd
      let next = i + 1
      // A surname or an initial right after the first name belongs to the same person.
      const following = tokens[next]
      if (
        following !== undefined &&
        token.coreEnd === token.end &&
        /^ +$/.test(text.slice(token.end, following.start)) &&
        (isInitial(following, text) || (isNameLike(following) && !isKept(following.core) && !isSentenceInitial(tokens, next, text)))
      ) {
        end = following.coreEnd
        next += 1
      }
      redact.push({ start: token.start, end })
      i = next
    } else {
      i += 1
    }
  }
  if (redact.length === 0) return text
  let out = ''
  let at = 0
  for (const span of redact) {
    out += text.slice(at, span.start) + '[name]'
    at = span.end
  }
  return out + text.slice(at)
}

/** True when privacy mode would hide something in the text. */
export function containsStaffName(text: string): boolean {
  return redactStaffNames(text) !== text
}

interface Token {
  start: number
  end: number
  /** The word without a possessive ending ("Tom" for "Tom's"). */
  core: string
  coreEnd: number
  lower: string
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  for (const match of text.matchAll(WORD)) {
    const word = match[0]
    const start = match.index
    const core = word.replace(/['’]s$/u, '')
    tokens.push({ start, end: start + word.length, core, coreEnd: start + core.length, lower: core.toLowerCase() })
  }
  return tokens
}

/** Cue phrases, as lower-case word sequences ending right before the name. */
const CUES: string[][] = [
  'named', 'called', 'name is', 'name was', "name's", 'names was', 'badge said', 'badge says', 'badge read',
  'badge reads', 'badge showing', 'badge showed', 'served by', 'spoke to', 'spoke with', 'speaking to',
  'speaking with', 'asked', 'greeted by', 'helped by', 'assisted by', 'seen by', 'this is', 'introduced herself as',
  'introduced himself as', 'introduced themselves as', 'staff member', 'team member', 'assistant', 'cashier',
  'manager', 'colleague', 'server', 'waiter', 'waitress', 'barista', 'advisor', 'adviser', 'agent', 'receptionist',
  'clerk', 'supervisor', 'teller', 'mr', 'mrs', 'ms', 'miss', 'dr',
].map((cue) => cue.split(' '))

const CUE_WORDS = new Set(CUES.flat())

/** Between a cue and the name: spaces, an optional comma or colon, an optional opening quote. */
const CUE_GAP = /^[ \t]*[,:]?[ \t]*["“‘']?$|^\.[ \t]+$/u

/** Capitalised words that are not names (rule 3). Lower case here; compared case-insensitively. */
const KEPT = new Set([
  'i', "i'm", 'i’m', "i've", 'i’ve', "i'd", 'i’d', "i'll", 'i’ll', 'ok', 'okay',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december',
  'visa', 'mastercard', 'amex', 'paypal', 'contactless',
])

const PLACE_WORDS = new Set([
  'street', 'road', 'lane', 'avenue', 'square', 'station', 'centre', 'center', 'park', 'branch', 'store', 'mall',
  'retail', 'way', 'place', 'hill', 'bridge', 'gate', 'terrace', 'parade', 'crescent', 'high',
])

/**
 * Common first names, matched when capitalised (rule 2). Names that double as everyday words,
 * months or RAG bands are deliberately absent.
 */
const FIRST_NAMES = new Set(
  (
    'Aaliyah Abdul Adam Aditya Ahmed Aisha Alex Alexander Ali Alice Amelia Amir Amira Amy Andrew Anna Anne ' +
    'Anthony Arjun Ava Ayesha Ben Benjamin Bethany Carlos Caroline Catherine Charlie Charlotte Chen Chloe ' +
    'Chris Christopher Claire Connor Daniel Darren David Deepak Declan Ebony Eleanor Elena Eliza Ella Emily ' +
    'Emma Ethan Fatima Finn Freya Gareth Gemma George Georgia Hannah Harry Hassan Helen Imran Isaac ' +
    'Isabella Isla Jack Jacob Jade James Jamal Jasmine Jason Javier Jessica Joe John Jordan Joseph Joshua ' +
    'Kai Karen Katie Kavya Kayleigh Kemi Kevin Khadija Kieran Laura Lauren Leah Liam Lily Lucy Luis Luke ' +
    'Maria Marcus Martin Maryam Matthew Megan Mei Mia Michael Mohammed Mohammad Muhammad Nadia Natasha Nathan ' +
    'Niamh Nicola Noah Oliver Olivia Omar Oscar Patrick Paul Peter Priya Rachel Rahul Rajesh Rebecca Rhys ' +
    'Richard Robert Ryan Saanvi Sam Samantha Samuel Sara Sarah Scott Sean Siobhan Sophie Stephen Steve ' +
    'Stuart Susan Thomas Tom Tomasz Tunde Wei Wojciech Yasmin Yusuf Zainab Zara Zoe Ahmet Agnieszka Chidi ' +
    'Ngozi Kwame Oluwaseun Sunita Anil Gurpreet Harpreet Sanjay Ravi Neha Pooja Kate Lewis Dylan Aiden'
  ).split(' '),
)
const FIRST_NAMES_LOWER = new Set([...FIRST_NAMES].map((name) => name.toLowerCase()))

/** Capitalised and not all capitals: "Tom", "O'Brien", "Anne-Marie"; not "ATM", "ATMs", "I". */
function isNameLike(token: Token): boolean {
  const core = token.core
  if (!/^\p{Lu}/u.test(core) || /\p{N}/u.test(core)) return false
  const letters = core.replace(/s$/u, '').replace(/[^\p{L}]/gu, '')
  return /\p{Ll}/u.test(letters) && letters.length > 1
}

function isInitial(token: Token, text: string): boolean {
  return /^\p{Lu}$/u.test(token.core) && token.end === token.coreEnd && (text[token.end] === '.' || text[token.end] === undefined || /\s/.test(text[token.end]!))
}

function isKept(core: string): boolean {
  const lower = core.toLowerCase()
  return KEPT.has(lower) || CUE_WORDS.has(lower) || PLACE_WORDS.has(lower)
}

function isSentenceInitial(tokens: Token[], index: number, text: string): boolean {
  const gapStart = index === 0 ? 0 : tokens[index - 1]!.end
  const gap = text.slice(gapStart, tokens[index]!.start)
  if (index === 0) return true
  return /[.!?;:\n\r"“(•*–—]|(^|\s)-(\s|$)/u.test(gap)
}

function followsCue(tokens: Token[], index: number, text: string): boolean {
  for (const cue of CUES) {
    const first = index - cue.length
    if (first < 0) continue
    let matches = true
    for (let k = 0; k < cue.length; k++) {
      const token = tokens[first + k]!
      if (token.lower !== cue[k] && token.lower.replace(/’/g, "'") !== cue[k]) { matches = false; break }
      // Words of one cue are separated by spaces only.
      if (k > 0 && !/^ +$/.test(text.slice(tokens[first + k - 1]!.end, token.start))) { matches = false; break }
    }
    if (!matches) continue
    const gap = text.slice(tokens[index - 1]!.end, tokens[index]!.start)
    // "Mr. Patel" allows the title's full stop; other cues must not cross a sentence end.
    if (gap.startsWith('.') && !['mr', 'mrs', 'ms', 'dr'].includes(cue[0]!)) continue
    if (CUE_GAP.test(gap)) return true
  }
  return false
}

function isNameStart(tokens: Token[], index: number, text: string): boolean {
  const token = tokens[index]!
  const nameLike = isNameLike(token)
  if (nameLike && FIRST_NAMES.has(token.core)) return true
  const cued = followsCue(tokens, index, text)
  if (cued && FIRST_NAMES_LOWER.has(token.lower)) return true
  if (!nameLike || isKept(token.core)) return false
  if (cued) return true
  if (isSentenceInitial(tokens, index, text)) return false
  const previous = tokens[index - 1]
  if (previous !== undefined && ['the', 'a', 'an'].includes(previous.lower)) return false
  const next = tokens[index + 1]
  if (next !== undefined && /^ +$/.test(text.slice(token.end, next.start))) {
    if (PLACE_WORDS.has(next.lower) || /^\p{N}/u.test(next.core)) return false
  }
  return true
}
