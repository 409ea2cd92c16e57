/**
 * The customer-service layer: patterns of service language that a word lexicon cannot see.
 * Each rule matches the normalised lower-case text and yields a hit with a signed value and the
 * span the UI highlights (capture group `span`, else the whole match). Rules run in order and a
 * later rule (or a lexicon word) never re-counts characters an earlier rule already covered.
 *
 * Flags: `sarcasm` (the comment means the opposite of its praise: label negative), `verdict` (an
 * overall judgement that settles a softened mixed comment), `suggest` (a genuine suggestion or
 * question: no judgement in that sentence), `toEnd` (the evidence runs to the end of its clause:
 * "did not greet the shopper or make eye contact").
 */

export interface Rule {
  re: RegExp
  value: number
  flag?: 'sarcasm' | 'verdict' | 'suggest'
  toEnd?: boolean
  /** Only when the rest of the comment has a negative judgement (sarcastic praise next to a failure). */
  needsNegative?: boolean
}

const NUM = String.raw`(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|numerous|countless)`

/** Match indices (the slower 'd' flag) only for patterns with a capture group, whose span is group 1. */
const r = (src: string) => new RegExp(src, new RegExp(`${src}|`, 'u').exec('')!.length > 1 ? 'gdu' : 'gu')

export const RULES: Rule[] = [
  // sarcasm cues
  { re: r(String.raw`\bsaid no (?:one|body) ever\b`), value: -3, flag: 'sarcasm' },
  { re: r(String.raw`\bthanks? (?:you )?for nothing\b`), value: -3, flag: 'sarcasm' },
  { re: r(String.raw`\b(?:really |you're |you are |they're )?(?:spoiling|spoilt|spoiled) (?:me|us)\b`), value: -2.5, flag: 'sarcasm' },
  { re: r(String.raw`\blove that for (?:me|us)\b`), value: -2.5, flag: 'sarcasm' },
  { re: r(String.raw`\ba whole (?:\d+|hour|day|week|month|two|three|four|five|ten|twenty|forty)\b`), value: -2.5, flag: 'sarcasm' },
  { re: r(String.raw`\bso-called\b|\bso called\b`), value: -2.5, flag: 'sarcasm' },
  { re: r(String.raw`['"](?:quick|speedy|express|fast|helpful|customer service|service|priority|premium|friendly|help|support|luxury|fresh|best|great|excellent|sorted|fixed|resolved|urgent|efficient|seamless|easy|clean|free|on time|care|caring)['"]`), value: -2.5, flag: 'sarcasm' },
  { re: r(String.raw`\b(?:what a surprise|surprise surprise|shocker|yeah right|as if)\b`), value: -2, flag: 'sarcasm' },
  { re: r('[🙄🙃]'), value: -2.5, flag: 'sarcasm' },
  { re: r(String.raw`^(?:oh,?\s+)?(?:great|brilliant|fantastic|lovely|perfect|wonderful|superb|marvellous|amazing|excellent|wow|nice one|just great|super)\s*(?:[,!.]|to\b|job\b|work\b|another\b|waiting\b|paying\b)`), value: -2, flag: 'sarcasm', needsNegative: true },
  { re: r(String.raw`\b(?:i )?(?:love|loved|enjoy|enjoyed|really appreciated?) (?:waiting|paying|queuing|queueing|being (?:kept|put|left|ignored|told)|having to|getting cut)\b`), value: -2.5, flag: 'sarcasm' },
  { re: r(String.raw`\bbest (?:weekend|day|time|experience|week|morning|evening|night) ever\b`), value: -2, flag: 'sarcasm', needsNegative: true },
  { re: r('👏'), value: -2, flag: 'sarcasm', needsNegative: true },
  { re: r(String.raw`👍\s*$`), value: -2, flag: 'sarcasm', needsNegative: true },

  // verdicts
  { re: r(String.raw`\b(?:won't|will not|wont|shan't|never) (?:be )?(?:back|returning|coming back|going back|return|using (?:you|them|this|it) again|use (?:you|them|this|it) again|shop(?:ping)? (?:here|there) again|go(?:ing)? back)\b`), value: -3, flag: 'verdict' },
  { re: r(String.raw`\bnever again\b|\b(?:would|will|could|can) not recommend\b|\b(?:wouldn't|won't|can't|couldn't) recommend\b|\bnot worth (?:it|the)\b|\b(?:wouldn't|won't|will not|would not) rush back\b|\bnot rushing back\b|\btak(?:e|ing) my (?:business|custom) elsewhere\b|\bavoid (?:at all costs|like the plague|this)\b|\bnever (?:using|use|shopping|going|coming|eating|staying)(?: \w+)? again\b`), value: -3, flag: 'verdict' },
  { re: r(String.raw`\bworth (?:it|the wait|every penny|the money|a visit|the trip|the extra)\b|\b(?:would|will) (?:definitely |highly |100% |certainly )?recommend\b|\bhighly recommend\b|\bi'd recommend\b|\b(?:will|we'll|i'll) (?:definitely |certainly |100% |deffo |defo )?(?:be back|return|be returning|come again|come back|use (?:you|them|it) again)\b|\bwould (?:definitely |certainly )?(?:go|come|stay|use (?:it|them|you)) (?:back|again)\b|\b(?:can't|cannot|can not|couldn't) complain\b|\boverall (?:a |it was |was |it's |a really |very |really |just )?(?:great|fantastic|good|excellent|brilliant|lovely|amazing|happy|pleased|positive|superb|wonderful)\b|\b(?:will|would|we'll|i'll|we'd|i'd) (?:definitely |certainly |happily |gladly )?(?:be )?(?:use|using|return|visit|go|come|shop|stay|book|order|call|bank)\w* (?:\w+ )?(?:again|back)\b|\bhappy now\b|\ball good now\b|\bwhat more (?:do|could|can) you (?:want|ask)\b`), value: 2.5, flag: 'verdict' },
  // gratitude after a fixed problem settles it (service recovery); plain politeness after a request does not
  { re: r(String.raw`\b(?:sorted|fixed|resolved|reset|refunded|swapped|replaced|corrected|rebooked|sorting|fixing|happy now)\b[^]*\b(?:thank you|thanks|cheers|thx|grateful)\b[^.!?]{0,25}[.!]*\s*$`), value: 2, flag: 'verdict' },

  // rhetorical complaint questions and instructions that are complaints
  { re: r(String.raw`^(?:maybe|perhaps|how about you|try)\s+(?:\w+\s+)?(?:teach|train|hire|employ|get|learn|give)\b[^.?!]*\b(?:staff|people|team|someone|them)\b`), value: -2.5 },
  { re: r(String.raw`\bwhy (?:is|are|do|does|did|can't|won't|isn't|aren't|should|must|would|has|have|hasn't|haven't) (?:it|i|we|you|there|nobody|no one|your|this|the)\b[^?]*\?`), value: -2.5 },
  { re: r(String.raw`\bis (?:anyone|anybody|someone) (?:actually |ever |even )?going to\b`), value: -2.5 },
  { re: r(String.raw`\b(?:how hard is it|how difficult is it|what's the point|what is the point|who (?:thought|decided)|do you even|does anyone (?:actually |even )?care)\b`), value: -2.5 },

  // genuine questions and suggestions: no judgement
  { re: r(String.raw`\b(?:it would be (?:nice|good|great|helpful|lovely|useful|handy|better)|would be (?:nice|good|great|helpful|lovely|useful) (?:to|if)|any chance (?:of|you)|could you|can you (?:let|tell|please)|please could|do you (?:do|have|sell|offer)|is there (?:any|a)|(?:maybe|perhaps) (?:add|have|offer|consider|open|put|get|think about|look at)|how about (?:adding|having|opening)|would love (?:it )?if|would be great if|suggest(?:ion)?:?)\b`), value: 0, flag: 'suggest' },

  // litotes and negated pressure: praise
  { re: r(String.raw`\b(?:didn't|did not|never|wasn't|weren't|was not|were not|without) (?:try(?:ing)? to |once )?(?:sell|push|pressure|rush|hurry|upsell|pushy|rushed|hurried)\w*\b`), value: 2 },
  { re: r(String.raw`\bwithout (?:me )?(?:even )?(?:having to|needing to) (?:ask|chase|prompt)\b|\bwithout (?:being )?(?:asked|prompted)\b(?=[^.]*\b(?:offered|helped|brought|gave|refunded|price)\b)`), value: 2 },
  { re: r(String.raw`\bwithout (?:any |a )?(?:hassle|fuss|quibble|problems?|issues?|delay|wait|bother|drama|hitch)\b|\bno (?:fuss|quibble|quibbles|hassle|bother|drama|faff|waiting(?: around)?)\b`), value: 2 },
  { re: r(String.raw`\bkept (?:me|us|everyone) (?:informed|updated|posted|calm|in the loop)\b`), value: 2.5 },

  // factual failures
  { re: r(String.raw`\b(?:had to|have to|having to|has to|made to|forced to) (?:wait|queue|ask|chase|call back|ring back|come back|go back|keep asking|remind|pay again|stand|repeat)\b`), value: -2 },
  { re: r(String.raw`\b(?:no|not a single|not one) (?:one|body|member of staff|staff member)? ?(?:came|come|bothered|offered|acknowledged|apologi[sz]ed)\b`), value: -2 },
  { re: r(String.raw`\b(?:took|take|takes|taking|waited|waiting|wait) (?:over |nearly |almost |about |more than )?(?:\d+|two|three|four|five|six|several|many) (?:weeks|months)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:next|earliest|first) (?:available )?appointment\b[^.!?]{0,25}\b(?:\d+|two|three|four|five|six) (?:weeks|months)\b|\bno (?:appointments?|availability|slots?)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:charged|billed|asked to pay|made (?:me|us) pay) (?:me |us )?(?:for|extra|again|twice)\b[^.!?]{0,30}\b(?:didn't|did not|never|wasn't|weren't|not)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:hung up on|put the phone down on|laughed at|shouted at|snapped at|talked down to|spoke down to)\b`), value: -3 },
  { re: r(String.raw`\b(?:\w+ )?(?:second|third|fourth|fifth|2nd|3rd|4th|5th) (?:year|month|week|day|time|bill|visit) (?:running|in a row)\b`), value: -3 },
  { re: r(String.raw`\b(?:for the |the |this is the |that's the )?(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|umpteenth|nth|\d+th) time\b`), value: -2 },
  { re: r(String.raw`\b(?:rang|called|phoned|emailed|chased|contacted|reported|written|wrote|asked|been (?:in|back)|visited|raised)\b[^.!?]{0,40}\b${NUM} times\b`), value: -2.5 },
  { re: r(String.raw`\bit took (?:me )?(?:\w+ )?${NUM} (?:phone )?(?:calls|visits|engineer visits|attempts|tries|emails|goes|trips|chasers)\b`), value: -2 },
  { re: r(String.raw`\btransferred\b[^.!?]{0,20}\b(?:${NUM} times|again|twice)\b|\bbounced (?:between|around|from)\b|\bpassed (?:me )?(?:around|round|between|from one)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:had to|have to|having to|has to) (?:explain|repeat|tell|chase|ring|call|go back|start again|give my details)\b`), value: -2 },
  { re: r(String.raw`\b(?:nobody|no one|no-one|noone|none of (?:them|the staff|us))\s+(?:\w+\s+){0,2}?(?:turned up|turns up|came|comes|called|rang|answered|answers|picked up|helped|help|knew|will|would|could|can|bothered|replied|responded|got back|gets back|tell|told|explained|apologised|apologized|seems|seemed|offered|acknowledged|showed|listened|listens|cares|cared|checked|has|had|is|was)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:never|didn't|did not|hasn't|has not|haven't|have not|hadn't|still hasn't|still haven't)\s+(?:even\s+)?(?:arrived|received|came|come|turned up|showed up|shown up|called back|rang back|called|rung|got back|heard back|heard|replied|responded|answered|been answered|delivered|refunded|fixed|sorted|resolved|processed|appeared|bothered|turn up|show up|arrive|reply|respond|answer|call)\b`), value: -2.5 },
  { re: r(String.raw`\bstill (?:no|not|hasn't|haven't|isn't|aren't|waiting|broken|nothing|can't|cannot|doesn't|don't|didn't|won't|took|charged|charging|sent|without|unresolved|outstanding|declined|open|got no|have no|has no|had no|no sign|no word|going on|ongoing|wrong|missing|faulty|not working)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:promised|was told|were told|told me|told us|said|assured|guaranteed|supposed to)\b[^.!?]*[.!?]+\s*(that was|that's|it's now|it's been|it took|still|never|nobody|no one|nothing yet|i'm still|we're still|yet to|not a|no sign|no call|no reply|no word|no one|it never|they never)\b[^.!?]*`), value: -3 },
  { re: r(String.raw`\b(?:not|never|wasn't|weren't|was not|were not|isn't) (?:seated|served|seen|called|ready|answered|delivered|fixed|sorted|connected|dealt with|available|let in)\b[^.!?]{0,25}\buntil\b[^.!?,]*`), value: -2.5 },
  { re: r(String.raw`\b(?:didn't|did not|never|failed to) (?:turn up|show up|show|arrive|come|bother|call back|ring back|get back)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:could not|couldn't|can't|cannot|can not|unable to|failed to|won't|wouldn't|refused to|would not|will not|didn't|did not|doesn't|does not) (?:even )?(?:answer|explain|tell (?:me|us)|find (?:out|it|my|the|anything)|say (?:why|when|where)|give (?:me|us) (?:an|a|any)|confirm|provide|sort|fix|resolve|refund|discuss|apologi[sz]e|be bothered|help)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:did not|didn't|does not|doesn't|failed to|no attempt (?:was made )?to|not) (?:even )?(?:meet (?:the )?(?:standards?|expectations?|target|brand standard|requirements?))\b`), value: -3, toEnd: true },
  { re: r(String.raw`\b(?:did not|didn't|failed to|does not|doesn't|no attempt (?:was made )?to|neither)\s+(?:\w+\s+)?(?:greet|acknowledge|offer|ask|thank|check|make|smile|mention|introduce|confirm|verify|apologi[sz]e|say|provide|suggest|recommend|follow|attempt|upsell|inform|use|wear|close|summari[sz]e|complete|look|engage|explain|tell|notice|come|approach|clear|clean|wipe|restock|present|acknowledge|give)\b`), value: -2.5, toEnd: true },
  { re: r(String.raw`\bwithout (?:any |an? |giving (?:any |an? )?)?(?:explanation|explaining|warning|notice|apology|apologising|telling|fixing|asking|consulting|letting|informing|checking|reason|a word|acknowledg\w+|greeting|saying)\b`), value: -2.5 },
  { re: r(String.raw`\bno (?:explanation|explanations|update|updates|reply|response|final response|answer|answers|apology|information|info|contact|word|sign|help|way to|one to|staff|record|records|acknowledgement|acknowledgment|call|callback|follow[- ]up|greeting|eye contact|feedback|idea (?:what|when|where|why|how))\b`), value: -2.5 },
  { re: r(String.raw`\b(?:only|just) (?:one|1|two|2) (?:tills?|checkouts?|person|people|members? of staff|staff|cashiers?|desks?|lanes?|counters?|servers?|receptionists?)(?: (?:open|on|working|serving|manning|covering))?\b`), value: -2.5 },
  { re: r(String.raw`\b(?:one|two|three|1|2|3) (?:tills? )?(?:open )?out of (?:\d+|\w+)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:queue|queues|line)\b[^.!?,]{0,15}\b(?:huge|massive|enormous|long|out the door|out of the door|ridiculous|horrendous|a mile long|all the way)\b|\blong (?:wait|queue|queues|delay)\b|\b(?:took|takes|take|taking) (?:forever|ages|an age)\b|\bbit of a (?:wait|queue)\b`), value: -2 },
  { re: r(String.raw`\b(?:charged|billed|took (?:the )?payment)\b[^.!?]{0,20}\b(?:twice|double|two times)\b|\bdouble[- ]charged\b|\b(?:still|again) (?:took|charged|billed)\b|\btook another\b[^.!?]{0,20}\bpayment\b`), value: -2.5 },
  { re: r(String.raw`\b(?:no|had no|have no|has no|there was no) record of\b`), value: -2.5 },
  { re: r(String.raw`\bhalf (?:the|my|our) (?:order|items|shopping|stuff|delivery|parcels?)\b|\b(?:didn't|did not|never) (?:ask|order) for\b`), value: -2 },
  { re: r(String.raw`\b(?:sent|delivered|gave|given|brought|charged|sent out) (?:me |us )?(?:the )?wrong\b|\bwrong (?:size|colour|color|item|items|order|stock|address|pharmacy|bill|amount|one|product|room|table|change|medication|prescription|name|date|time)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:lost|losing|misplaced|mislaid) (?:my|our|the) (?:parcel|order|booking|reservation|letter|form|paperwork|application|prescription|luggage|bags?|case|details|file)\b`), value: -2.5 },
  { re: r(String.raw`\bdrove (?:straight )?(?:past|by|off)\b|\bshut the doors? (?:in|on)\b|\bleft (?:my|the|our) (?:basket|trolley|shopping)\b|\bwalked (?:off|away|out)\b|\bhung up\b|\bput the phone down\b|\bcut (?:me |us )?off\b`), value: -2.5 },
  { re: r(String.raw`\bon (?:her|his|their) (?:phone|mobile)\b|\bin front of (?:a full|the whole|everyone|other|a queue|a busy|the queue)\b|\bout loud\b|\b(?:didn't|did not) even (?:say|look|acknowledge|greet|smile)\b`), value: -2 },
  { re: r(String.raw`\bkept (?:using|saying|getting|failing|crashing|timing|going|logging|putting|freezing|cancelling|asking|telling|breaking|dropping)\b|\bkeep (?:going|getting|failing|crashing|sending|cancelling|breaking|dropping|losing)\b`), value: -2 },
  { re: r(String.raw`\b(?:came out|was|were|arrived) (?:pink|raw|cold|stone cold|burnt|undercooked|frozen|soggy|stale|melted|squashed|crushed|broken|smashed|leaking|damaged)\b|\bsent it back\b`), value: -2.5 },
  { re: r(String.raw`\b(?:broke|broken|stopped working|fell apart|came apart|split|ripped|failed)\b[^.!?]{0,20}\bafter (?:\w+ )?(?:\d+|one|two|three|a|a few|first) (?:wears?|washe?s?|uses?|days?|weeks?|goes?|months?)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:shuts|closes|closed|shut|only open|only opens|opens only)\b[^.!?]{0,25}\b(?:at \d|\d+ days|on (?:weekends|sundays|saturdays)|a week|early|by \d)\b`), value: -1.5 },
  { re: r(String.raw`\b(?:is|was|are|were|went|goes|go|gone|been)\s+down\s+(?:again|for|all|since)\b|\b(?:down|broken|wrong|late|missing|crashed|cancelled|lost|failed|out of order|closed|declined)\b[^.!?]{0,40}\bagain\b`), value: -2 },
  { re: r(String.raw`(?:^|[.!?]\s*)again[.!]*\s*$`), value: -2.5 },
  { re: r(String.raw`\bcancell?ed\b[^.!?]{0,40}\b(?:no explanation|on the (?:day|morning)|last minute|last-minute|without)\b`), value: -2.5 },
  { re: r(String.raw`\b(?:not|nothing) (?:on|about)\b[^.!?]{0,12}\b(?:sign|signage|website|receipt)\b[^.!?]*\bnothing\b|\bnobody tells you\b|\bsays nothing\b`), value: -2 },

  // generic service-failure language, weaker than the specific rules above (they run first)
  { re: r(String.raw`\b(?:was|were|is|are) (?:supposed|meant) to\b|\bapparently\b|\bsupposedly\b|\bsince (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|last (?:week|month|year)|the \d+(?:st|nd|rd|th)?)\b`), value: -1.5 },
  { re: r(String.raw`\bnever (?!(?:had (?:a|an|any) (?:problem|issue|complaint)|had to|disappoints|fails to|been better|a problem|an issue|rushed|once|felt rushed|let (?:me|us) down)\b)(?:got|received|arrived|came|turned|heard|answered|replied|showed|fixed|sorted|returned|called|rang|bothered|has|have|had|is|was|works|worked|seems|any)\b`), value: -2 },
  { re: r(String.raw`\b(?:didn't|did not|wasn't|was not|weren't|were not|couldn't|could not|won't|wouldn't|can't|cannot|isn't|aren't|hasn't|haven't|doesn't|don't) (?:even |actually |get |be )?(?:get|got|receive|given|give|told|tell|let|accept|take|work|load|open|find|see|hear|know|have|has|bother|turn|arrive|come|reply|respond|answer|ring|call|send|sent|allow|honour|honor|process|refund|fix|sort|show|listen|check|offer|stock|deliver|care|apologi[sz]e|serve|seat|help)\b`), value: -1.5 },
  { re: r(String.raw`\b(?:no|zero)\s+(?!(?:comment|comments|problem|problems|issue|issues|fuss|hassle|complaints?|quibbles?|wait|waiting|queue|drama|faff|bother|worries|idea|thanks|thank|need|rush|pressure|charge|extra|more|less|longer|doubt|matter|way|one|no|n\/a|it|i|we|reason|bad|frills|nonsense|trouble|surprises|mess)\b)[a-z]+\b`), value: -1.5 },

  // standards met (mystery-shop language)
  { re: r(String.raw`\bwithin (?:the |our )?\d+[- ]?(?:seconds?|secs?|minutes?|mins?|rings?)[- ](?:target|standard|sla|limit)\b`), value: 2.5 },
  { re: r(String.raw`\b(?:meeting|met|meets|in line with|as per|exceeding|exceeded|exceeds|above) (?:the |our |all )?(?:brand |company |service )?(?:standards?|targets?|policy|sla|service level|requirements?)\b`), value: 2.5 },
  { re: r(String.raw`\bas (?:required|expected by the standard|per policy|per procedure|per the standard)\b|\bin accordance with\b`), value: 2 },
  { re: r(String.raw`\b(?:greeted|welcomed|acknowledged|approached|served|seated|offered)\b[^.;!?]{0,30}\b(?:within|promptly|immediately|straight away|warmly|with a smile|on arrival|on entry|with eye contact|by name|on entering)\b`), value: 2.5 },
  { re: r(String.raw`\b(?:introduced (?:herself|himself|themselves)|recommended (?:the|a|an|some)|suggested (?:the|a|an|some)|offered (?:to|alternative|a|an|the|further|additional|me|us)|mentioned the (?:offer|promotion|loyalty|scheme|warranty|special)|checked back|thanked (?:the|me|us)|used the customer's name|summari[sz]ed|made eye contact|confirmed the (?:customer's|caller's|shopper's) (?:identity|details)|explained (?:everything|clearly|the|how|what|why|it)|talked (?:me|us) through|walked (?:me|us)|tidied up|cleaned up after|went above|said goodbye|wished (?:me|us|the shopper))\b`), value: 1.5 },
  { re: r(String.raw`\bon the (?:first|second|third|1st|2nd|3rd) ring\b`), value: 2.5 },
  { re: r(String.raw`\b(?:fixed|resolved|sorted|solved)\b[^.!?]{0,30}\bfirst (?:time|call|go|visit)\b|\bfirst[- ](?:time|call) (?:fix|resolution)\b|\bresolved on (?:the )?first\b`), value: 2.5 },
  { re: r(String.raw`\b(?:refunded|swapped|replaced|corrected|rebooked|reset|credited|reimbursed)\b(?: (?:it|me|us|my|the|our))?\b`), value: 1.5 },
  { re: r(String.raw`\b(?:before i'd even|within the hour|same day|day after|next day|in no time|in minutes|in the slot|a day early|day early)\b`), value: 1.5 },
  { re: r(String.raw`\bfree of (?:litter|rubbish|clutter|dust|debris)\b|\b(?:clean|wiped down|stocked|tidy|clear)\b[^.!?]{0,5}\band (?:stocked|wiped|tidy|clean|clearly visible|well lit)\b|\bfully stocked\b`), value: 2 },
]

/** Sentences opened by these are conceded ("Despite the delay..."): their judgement is softened. */
export const CONCEDE = /^\s*(?:despite|in spite of|even though|although|though|granted|admittedly|yes)\b/

/** Contrast words that split clauses (their presence alone never makes a comment mixed). */
export const CONTRAST = /\b(?:but|however|although|though|tho|yet|whereas|except|whilst|shame|only thing|apart from|other than|on the other hand)\b/g

/**
 * A cheap gate for each rule: the first 3 or 4 letters of the literal words in its pattern (a 2-letter word only as a whole word, keyed 'no$'). Every
 * rule's matches contain at least one such word at the start of a word, so a rule whose gate
 * shares nothing with a comment's words cannot match and is skipped (rules without letters, such
 * as emoji, always run). Returns, for each key, the rules it opens; `gateKeys` gives a word's keys.
 */
export function ruleGates(rules: readonly { re: RegExp }[]): { byPrefix: Map<string, number[]>; always: number[] } {
  const byPrefix = new Map<string, number[]>()
  const always: number[] = []
  rules.forEach((rule, i) => {
    const words = rule.re.source.replace(/\\[a-zA-Z]/g, ' ').match(/[a-z]{2,}/g) ?? []
    if (words.length === 0) {
      always.push(i)
      return
    }
    for (const w of new Set(words.map((w) => (w.length === 2 ? `${w}$` : w.slice(0, 4))))) {
      const list = byPrefix.get(w) ?? []
      if (!list.includes(i)) list.push(i)
      byPrefix.set(w, list)
    }
  })
  return { byPrefix, always }
}

/** The gate keys of one word of a comment (see ruleGates). */
export function gateKeys(word: string): string[] {
  return word.length === 2 ? [`${word}$`] : word.length === 3 ? [word] : [word.slice(0, 3), word.slice(0, 4)]
}

/**
 * The gates of a rule list with a memo per word: `forWord` gives the rules a word opens (the
 * union over its gateKeys), computed once per distinct word; the memo is bounded.
 */
export function wordGates(rules: readonly { re: RegExp }[]): { always: readonly number[]; forWord(word: string): readonly number[] } {
  const { byPrefix, always } = ruleGates(rules)
  const memo = new Map<string, readonly number[]>()
  const none: readonly number[] = []
  return {
    always,
    forWord(word) {
      let out = memo.get(word)
      if (out !== undefined) return out
      if (memo.size > 50_000) memo.clear()
      const set = new Set<number>()
      for (const p of gateKeys(word)) for (const i of byPrefix.get(p) ?? none) set.add(i)
      out = set.size === 0 ? none : [...set].sort((a, b) => a - b)
      memo.set(word, out)
      return out
    },
  }
}
