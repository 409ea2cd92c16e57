/**
 * Theme rules: the closed vocabulary of LABELLING.md (section 3), one set of patterns per theme,
 * matched on the normalised lower-case text. A theme applies when any of its patterns matches and
 * none of its `unless` patterns does. Conventions followed: generic "service" carries no theme;
 * staffing levels ("only one till open") are wait_time; "no staff present" / "nobody came to help"
 * add staff_attitude; dirty toilets are cleanliness, missing soap or broken dryers facilities;
 * security or ID checks alone carry no theme; being passed around is communication.
 */

import { wordGates } from './rules.ts'

export const THEMES = [
  'wait_time', 'staff_attitude', 'product_knowledge', 'cleanliness', 'price_value', 'order_accuracy',
  'communication', 'resolution', 'availability', 'facilities', 'digital', 'product_quality',
] as const

export type Theme = (typeof THEMES)[number]

const DUR = String.raw`(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty|sixty|ninety|half an?|a couple of|couple of|a few|few)\s*-?\s*(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|wks?|months?|fortnight)`

const RULES: Record<Theme, { any: RegExp[]; unless?: RegExp[] }> = {
  wait_time: {
    any: [
      /\b(wait|waits|waited|waiting|queue|queues|queued|queuing|queueing|on hold|hold time|hold music|holding)\b/,
      /\b(quick|quickly|fast|speedy|swift|swiftly|prompt|promptly|slow|slowly|glacial|forever|ages|delay|delays|delayed|late|early|on time|punctual|straight away|right away|in minutes|in no time|same day|day after|next day|a day early|took|takes|taking|turned (it|our|the|my) \w* ?around|turnaround)\b/,
      new RegExp(String.raw`\b(within|in|after|for|under|over|nearly|about|almost|took|wait of)\s+(?:the\s+)?(?:about\s+|around\s+|nearly\s+|over\s+|just\s+)?${DUR}`),
      new RegExp(String.raw`\b${DUR}\s+(wait|late|early|delay|queue|on hold|later|after|before)\b`),
      /\b(only|just) (one|1|two|2) (till|tills|checkout|person|member of staff|staff|cashier|desk)\b/,
      /\b(one|two|\d+) (tills?|checkouts?) (open|were open)\b/, /\btills? (were |was )?open\b/, /\b\d+ people in it\b/,
      /\b(not seated|not served|not seen|seated|wasn't ready|not ready) until\b/, /\buntil \d/, /\b(rings?|ring)\b/,
      /\b(picked up|answered) (on|after|within|the)\b/, /\bcall (was )?answered\b/, /\banswer time\b/,
      /\b(still hasn't|still haven't|still not|still no|still waiting|been waiting|weeks? after|months? after|days? after)\b/,
      /\b(arrived|turned up|came)\b[^.]{0,30}\b(early|late|on time|in the slot|within)\b/, /\bin the slot\b/,
      /\bnobody (ever )?picked up\b|\bnever picked up\b|\bgetting through\b/, /\btime from\b/, /\b(service|srvice) (was|is) (slow|quick|fast|glacial|speedy)\b/,
      /\bfast\b|\bspeed(y|ily)?\b/, /\bbefore i'd even\b/, /\breply the same day\b/, /\bapproached within\b/,
      /\btook (about |over |nearly )?\d/, /\bit took\b/, /\bday early\b/, /\bmins?\b/, /\bminutes?\b/, /\bhours?\b/,
      /\bonly on hold\b/, /\bwait(ed)? for (me|us)\b/, /\bwithin the hour\b/, /\btake forever\b/,
    ],
    unless: [/\bwait(ed)? for me when\b/, /\b(i'm )?not in any rush\b/, /^[^0-9]*\bminutes? from the\b/, /\bfive minutes from\b/, /\bafter ordering\b.*\bnot\b/],
  },
  staff_attitude: {
    any: [
      /\b(staff|staffs|colleague|colleagues|cashier|barista|waiter|waitress|waiters|server|bartender|barman|barmaid|receptionist|reception staff|assistant|advisor|adviser|agent|teller|clerk|porter|driver|guard|nurse|doctor|gp|physio|pharmacist|manager|lad|lady|girl|guy|man|woman|gent|chap|rep|team|officer|librarian|handler|engineer|housekeeping|concierge|host|hostess)\b[^.]{0,40}\b(friendly|rude|polite|lovely|kind|helpful|unhelpful|patient|abrupt|brilliant|amazing|great|nice|lush|attentive|courteous|warm|miserable|fed up|annoyed|chatty|gem|star|professional|understanding|supportive|apologetic|efficient|really|so|very|excellent|fab|wonderful|smile|smiling|pushy|off|dismissive|shrugged|blamed|walked|tried|seemed|made me feel|went out of|patient|calm)\b/,
      /\b(friendly|rude|polite|lovely|kind|helpful|unhelpful|patient|abrupt|attentive|courteous|warm|chatty|cheerful|welcoming|professional|understanding|supportive|knowledgeable|nice|brilliant|efficient|lovely|really nice|great|amazing)\b[^.]{0,12}\b(staff|colleague|cashier|barista|waiter|waitress|server|bartender|receptionist|assistant|advisor|team|teller|lady|man|guy|lad|girl|nurse|doctor|gp|physio|porter|driver|rep|people|manager|physio|librarian|officer|engineer)\b/,
      /\b(greet|greeted|greeting|hello|goodbye|eye contact|smile|smiled|smiling|introduced (herself|himself|themselves)|thanked|checked back|checking back|check back|anything else|approached|acknowledged|attentive|courteous|rude|rudeness|polite|politely|friendly|unfriendly|abrupt|patient|patiently|apologetic|apologise|apologize|apologised|apologized|shrugged|walked off|walked out|pushy|on (her|his|their) phone|in (my|our) face|nobody came|no staff|nobody helped|nobody actually helped|not my department|went out of (her|his|their) way|nothing was too much|proper gent|absolute star|absolute gem|an absolute|made me feel|didn't make me feel|kept me calm|blamed me|discreet|in front of|rang two|helped me|helped with|walked me|squeeze me in|let us|bless them|tried their best|sell me|used the customer's name|offered to|offer(ed|ing)? (a |the )?receipt|receipt|further help|offer(ed)? alternative|asked for id|bless|with the kids|with my mum|noticed)\b/,
      /\b(staff|colleague|cashier|waiter|waitress|receptionist|reception|barista|nurse|manager|driver|advisor|assistant)\b[^.]{0,30}\b(was|were|is|are|seemed)\b/,
      /\b(helpful|friendly|lovely|rude|kind|patient|supportive|polite) (team|on the phone|people)\b/, /\bthe (gp|nurse|physio) was\b/,
      /\bbrilliant physio\b/, /\bnobody (ever )?picked up\b/, /\bmade (me|us) feel\b/, /\bhr were\b/, /\bsupportive\b/,
      /\b(lovely|nice|helpful|friendly|rude|kind) (lady|man|guy|lad|girl|woman|receptionist|barista|cashier|staff)\b/, /\bstaff\b/,
      /\b(dan|sue|jade|gary|claire|tomasz|sam|mr \w+|mrs \w+|ms \w+)\b[^.]{0,30}\b(star|gem|rude|brilliant|lovely|helpful|so)\b/,
      /\bcome over\b|\bcame over\b/, /\bsaid hello\b/, /\bsay hello\b/,
    ],
    unless: [/\bstaff (10|\d+)\/10\b.*never/],
  },
  product_knowledge: {
    any: [
      /\b(knowledgeable|knew (his|her|their) stuff|knew exactly|knew what|didn't know|did not know|none of them knew|nobody knew|no idea|could not answer|couldn't answer|can't answer|unable to answer|could not explain why|couldn't explain why|advice|advise|advised|recommended|recommend(ing)? (a|the|me)|recommendation|specials|loyalty scheme|offers? (on|for)|current offers?|the offers?|promotions?|warranty|product advice|reading from a script|jargon|never answered my|answer basic questions|basic questions|leaflet|options in plain|clear advice|knowledge|know (the|their) (products|stuff))\b/,
      /\brecommended\b/, /\bmention(ed)? the\b/, /\bwhere the \w+ (were|was)\b/,
    ],
    unless: [/\bwould recommend\b|\bhighly recommend\b|\bi'd recommend\b|\bwould not recommend\b|\bwouldn't recommend\b/],
  },
  cleanliness: {
    any: [
      /\b(clean|cleaner|cleaned|cleaning|cleanliness|dirty|filthy|spotless|immaculate|tidy|tidied|untidy|messy|mess|sticky|grubby|grimy|stained|smelly|stank|stinks|hair in|litter|rubbish everywhere|uncleared|wiped|wipe|swept|hoover|hoovered|dust|dusty|overflowing|a tip|crumbs|unhygienic|hygiene|was a tip|store was a tip)\b/,
    ],
    unless: [/\bclean(ed)? (up|out) (my|our) (account|debt)\b/],
  },
  price_value: {
    any: [
      /[£$€]\s?\d/, /\b\d+\s?(p|quid|pounds|euros)\b/, /\b\d+%/,
      /\b(price|prices|priced|pricey|pricing|expensive|cheap|cheaper|cheapest|overpriced|value|bargain|discount|discounts|deal|offer price|fee|fees|charge|charges|surcharge|cost|costs|costly|afford|affordable|robbery|rip ?off|premium|tariff|free of charge|no extra charge|for free|free for|compensation|voucher|refund of|overdraft fee|worth the money|price match|price matched|twice the price|money's worth|bill came to|total bill|paid £|pay £|pricier)\b/,
    ],
    unless: [],
  },
  order_accuracy: {
    any: [
      /\b(wrong|incorrect|missing|substituted|substitute|substitutions|subs|got the|instead of|no onions|asked for no|not what i (asked|ordered)|exactly what we asked|exactly how i asked|exactly what i asked|everything was there|nothing substituted|charged (me )?twice|charged twice|double charged|duplicate|no record of|lost my|losing my|lost (the|our)|sent the wrong|wrong (size|colour|color|item|order|stock|address|pharmacy|bill)|half the (order|items)|took another|still took|damage we didn't|mix-up|mix up|mixup|the higher one)\b/,
      /\bbill (was )?wrong\b/, /\bpay wrong\b/, /\bgot my pay wrong\b/, /\b(£|\$)\d+ more than\b/, /\bmore than our actual\b/,
    ],
    unless: [/\bwrong address, which was correct\b/, /\bwhat's wrong with me\b/, /\bwhat was wrong with me\b/],
  },
  communication: {
    any: [
      /\b(explain|explained|explaining|explanation|explanations|no explanation|informed|inform|update|updated|updates|updating|kept (me|us) (informed|updated|posted)|told|tell me|told me|letter|letters|text|texts|email|emails|emailed|announcement|announcements|callback|call back|ring me back|rang me back|called me back|get back to|got back to|reply|replied|replies|respond|responded|response|listen|listened|listening|jargon|plain english|clear advice|spoke clearly|summarised|summarized|transferred|pass(ed)? (me )?around|pillar to post|repeat (my|myself)|explain my situation|every single time|no one could tell|nobody could tell|no one can tell|nobody can tell|nobody called|nobody rang|never called|didn't call|without telling|telling me|no update|no word|keep me posted|communication|communicated|letter they sent|going to my old address|never arrived|said the complete opposite|chase|chasing|never had to chase|answered my|post me|someone would|would hear back|hear back|was told|were told|referral letter|nobody would explain|nobody will discuss|talk to a human)\b/,
    ],
    unless: [/\bkept us updated\b.*\bapp\b/],
  },
  resolution: {
    any: [
      /\b(resolved|resolve|resolution|sorted|sort out|sorting|fixed|fix|fixing|repair|repaired|refund|refunded|refunds|replaced|replacement card|swapped|reset it|still not fixed|not fixed|still no internet|still hasn't|still haven't|still no|still open|still waiting|reported three times|complaint|complaints|claim|claims|first call|first time|dealt with|being dealt|declined|rejected|closed my ticket|ticket open|transferred|the same fault|same fault|still no final|no final response|gift card|refund the duplicate|nobody will (refund|discuss|sort)|credited|goodwill|took \d+ (phone calls|engineer visits|visits)|\d+ engineer visits|it took \d+|get there|lasted a day|rebooked|cancelled and the money|money back)\b/,
    ],
    unless: [/\bno complaints\b/, /\bcan't complain\b/, /\bfirst time i've\b/, /\bcomplain\b.*\bworth\b/, /\bfirst visit\b/],
  },
  availability: {
    any: [
      /\b(in stock|out of stock|back in stock|stock|stocked|sold out|range|selection|choice|options? for|on the shelf|not on the shelf|shelves|appointment|appointments|squeeze me in|opening hours|opening|opens|open until|open on|shuts|closes|close on|closing time|later opening|only opens|days a week|bank holidays|cancelled (on|the|my appointment)|assessment was cancelled|vegetarian|vegan|gluten free option|kids menu|menu options|medication in stock|never have|track the coat down|part would be ordered|size was not|find (the|a) size|stockroom|available|availability|unavailable)\b/,
    ],
    unless: [/\bavailable\b.*\bstaff\b/, /\bappointment letter\b/, /\bmy appointment, no waiting\b/, /\bon time for my appointment\b/, /\bappointment letters\b/],
  },
  facilities: {
    any: [
      /\b(room|rooms|bed|beds|seat|seats|seating|parking|car park|toilet|toilets|loo|loos|soap|towels?|hand dryer|dryer|flush|lift|lifts|escalator|heating|heater|air[- ]?con|aircon|air conditioning|wifi|wi-fi|noise|noisy|music|layout|card machine|ticket machine|machine|machines|self[- ]?checkouts?|self[- ]?service|step[- ]free|ramp|branch is closing|branch closed|branch closing|closing and the nearest|closed last year|nearest branch|screen|waiting room|freezing|building|hotel itself|changing rooms?|fitting rooms?|baby change|lighting|signage|entrance|view|plughole|bathroom|shower|key card|meeting room|bagging area|standing room|plenty of seats|no seats|comfy|temperature|broken (door|lift|machine)|pavement)\b/,
    ],
    unless: [/\bwaiting room for an hour\b/, /\bfront of a full waiting room\b/, /\bdining room\b/, /\bfitting rooms? (area )?with no staff\b/, /\bentering the fitting room area\b/, /\broom for improvement\b/, /\bstanding room only\b(?=.*never)/],
  },
  digital: {
    any: [
      /\b(app|apps|website|web site|site|online|internet banking|online banking|chatbot|chat bot|the chat|live chat|log in|login|logged me out|logging in|password|portal|qr|qr code|e-?mail form|online form|form online|webchat|web chat|the chat in the app|booking system|booked online|book online|booking online|screen in)\b/,
    ],
    unless: [/\breporting it online\b/, /\bonline order\b(?!.*\bapp\b)/, /\bbought online\b/, /\bno internet\b/, /\bscreen in the waiting room\b/, /\bmeeting room screen\b/],
  },
  product_quality: {
    any: [
      /\b(food|meal|meals|coffee|tea|drink|drinks|pint|beer|wine|cocktails?|breakfast|lunch|dinner|mains?|starter|dessert|steak|chicken|fish|pizza|soup|burger|chips|sandwich|cake|croissant|taste|tasted|tasty|tasteless|delicious|bland|flavour|flavor|portion|portions|lukewarm|cold|hot|piping hot|pink|undercooked|overcooked|burnt|stale|fresh|quality|broke|broken|faulty|damaged|crushed|zip|fell apart|well kept|lush food)\b/,
    ],
    unless: [/\bmeal deal on my lunch\b/, /\bset menu\b/, /\bcold (calling|call)\b/, /\bbroken bin\b/, /\bbrokenly\b/, /\bhot desk\b/, /\bcoffee (or|and) dessert\b(?=.*did not offer)/, /\bdid not offer dessert\b/, /\bordered a flat white\b/, /\bsignal\b/, /\b(heating|screen|machine|card machine|dryer|lift)\b[^.]{0,20}\b(broken|broke)\b/],
  },
}

const THEME_INDEX = Object.fromEntries(THEMES.map((t, i) => [t, i])) as Record<Theme, number>
const ANY = THEMES.flatMap((theme) => RULES[theme].any.map((re) => ({ re, theme })))
const GATES = wordGates(ANY)
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu
const TRIED = new Uint8Array(ANY.length)

/** Themes of a normalised lower-case text, in vocabulary order. */
export function themesOf(lower: string): Theme[] {
  // only patterns that share a word start with the text can match (see ruleGates)
  let found = 0
  TRIED.fill(0)
  const check = (i: number) => {
    if (TRIED[i]) return
    TRIED[i] = 1
    const { re, theme } = ANY[i]!
    const bit = 1 << THEME_INDEX[theme]!
    if (!(found & bit) && re.test(lower)) found |= bit
  }
  for (const i of GATES.always) check(i)
  WORD.lastIndex = 0
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) for (const i of GATES.forWord(m[0])) check(i)
  const out: Theme[] = []
  for (let t = 0; t < THEMES.length; t++) {
    if (!(found & (1 << t))) continue
    const theme = THEMES[t]!
    if (RULES[theme].unless?.some((r) => r.test(lower))) continue
    out.push(theme)
  }
  return out
}
