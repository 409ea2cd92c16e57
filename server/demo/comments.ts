import type { SeededRandom } from './random.ts'

/**
 * What demo customers write, by touchpoint and by how the visit went. Placeholders: {mins} (a wait
 * in minutes, long for complaints and short for praise), {days} and {town}. The bank covers every
 * theme the sentiment tagger knows (waits, staff attitude, knowledge, cleanliness, price, accuracy,
 * communication, resolution, availability, facilities, digital), and factual failure reports as well
 * as plainly worded feelings, so comment screens and theme counts look like real data.
 */
export type CommentTone = 'positive' | 'negative' | 'mixed' | 'neutral'
export type CommentChannel = 'in_person' | 'phone' | 'online'

export const COMMENT_BANK: Record<CommentChannel, Record<CommentTone, readonly string[]>> = {
  in_person: {
    positive: [
      'Really friendly welcome as soon as I walked in, and I was served within {mins} minutes.',
      'The lady at the counter went out of her way to help me find what I needed. Brilliant service.',
      'Quick, polite and sorted my problem first time. Can’t ask for more.',
      'Staff were knowledgeable and explained the options clearly without any pressure.',
      'Lovely clean shop and the team were cheerful even though it was busy.',
      'Best branch in {town}: always helpful and never a long wait.',
      'In and out in under {mins} minutes. Very efficient.',
      'The young man who helped me was patient with all my questions and really knew his stuff.',
      'Excellent as always. I’ve been coming here for years and the service never slips.',
      'Great advice on which plan suited me, and he wrote it all down for me to take home.',
      'Spotless store, well laid out, and someone asked if I needed help straight away.',
      'Staff remembered me from last time, which was a nice touch.',
      'Helped me with a return without any fuss even though I’d lost the receipt.',
      'Really impressed. The manager came over to check everything was OK.',
      'Friendly, fast and good value. Will definitely recommend to friends.',
      'They took the time to explain the paperwork properly. Much appreciated.',
      'No queue at all and a very warm welcome.',
      'Very kind with my elderly mother and found her a seat while we waited.',
      'Efficient service and the price was better than I expected.',
      'Everything was ready when I arrived, exactly as promised on the phone.',
    ],
    negative: [
      'Waited {mins} minutes to be served and there were only two tills open.',
      'Queue was out of the door. Waited {mins} minutes, which is far too long on a weekday.',
      'The assistant was on her phone and barely looked up when I asked for help.',
      'Nobody acknowledged me for ages. I stood at the counter for {mins} minutes.',
      'Staff were rude and made me feel like a nuisance for asking a question.',
      'The floor was dirty and the bins by the door were overflowing.',
      'Toilets out of order again and the waiting area was a mess.',
      'Far too expensive for what you get. I can find the same cheaper elsewhere.',
      'Given the wrong information about my order and had to come back a second time.',
      'Waited {mins} minutes only to be told I needed to come back tomorrow.',
      'Nobody seemed to know the answer to a simple question about the returns policy.',
      'Staff chatting among themselves while a queue built up. Not good enough.',
      'My order wasn’t ready even though I’d had a text saying it was.',
      'Promised a call back about my complaint and never heard anything.',
      'Very unhelpful attitude at the desk. I won’t be coming back to this branch.',
      'The shop felt grubby, with empty shelves and boxes left in the aisles.',
      'I was charged twice and it took {mins} minutes to get it refunded.',
      'Only one member of staff on a Saturday afternoon. Waited {mins} minutes.',
      'Felt rushed and talked down to. The person serving me didn’t listen.',
      'Card machine was broken and nobody told us until we got to the front of the queue.',
    ],
    mixed: [
      'Staff were lovely but I waited {mins} minutes to be served.',
      'Good advice, but the queue was far too long for a weekday morning.',
      'Friendly team, but the store was untidy and it was hard to find things.',
      'Got what I needed in the end, but it took two visits to sort out.',
      'Helpful once I was seen, but nobody greeted me when I came in.',
      'Prices are fair but the service was slow today.',
      'Nice clean branch, although the staff seemed stretched.',
      'Quick service, but the assistant couldn’t answer my question about the warranty.',
      'The manager sorted it out in the end, but only after I’d asked twice.',
      'Usually great, but today felt disorganised and I waited about {mins} minutes.',
      'Polite staff but the wait was longer than the sign said.',
      'Good range in stock, but only one till open at lunchtime.',
    ],
    neutral: [
      'It was fine. Nothing special.',
      'Ok.',
      'Just popped in to collect an order.',
      'Average visit, got what I came for.',
      'No complaints, no particular praise either.',
      'Came in to pay a bill, all done.',
      'Service as expected.',
      'First visit to the {town} branch.',
    ],
  },
  phone: {
    positive: [
      'Call answered within a couple of rings and the adviser sorted everything in one go.',
      'Very patient adviser who talked me through the online account step by step.',
      'Issue resolved on the first call. Really pleased.',
      'Friendly and professional, and she followed up with an email as promised.',
      'Didn’t have to repeat myself once. Great service.',
      'Short hold time and a clear explanation of what happens next.',
      'The adviser understood the problem straight away and fixed it.',
      'Polite, quick and helpful. Thank you.',
    ],
    negative: [
      'On hold for {mins} minutes before anyone answered.',
      'Transferred three times and had to explain the whole thing again each time.',
      'Call dropped after {mins} minutes on hold and nobody called back.',
      'The adviser was abrupt and clearly wanted to get me off the phone.',
      'Still waiting for the refund I was promised {days} weeks ago.',
      'Got a different answer from every person I spoke to.',
      'The automated menu is a maze and there is no option to speak to a person.',
      'Told someone would ring me back within 24 hours. Nobody did.',
    ],
    mixed: [
      'Adviser was lovely but I was on hold for {mins} minutes first.',
      'Sorted in the end, but it took two calls.',
      'Helpful person, but the line was very poor and kept cutting out.',
      'Problem fixed, but nobody explained why it happened in the first place.',
    ],
    neutral: ['Just called to update my address.', 'Fine, nothing to add.', 'Quick call to check a delivery date.'],
  },
  online: {
    positive: [
      'Easy to order online and it arrived the next day.',
      'Website was simple to use and the live chat answered my question in minutes.',
      'Click and collect worked perfectly, order ready when I arrived.',
      'Really smooth checkout and clear delivery updates by text.',
      'Returned an item online with no hassle and the refund came through quickly.',
      'Great prices online and the order was exactly as described.',
    ],
    negative: [
      'Website kept crashing at the payment page.',
      'Delivery arrived {days} days late with no update.',
      'Wrong item sent and the returns form doesn’t work.',
      'Live chat said the wait was {mins} minutes and then closed the chat.',
      'Couldn’t log in to my account and the password reset email never came.',
      'Delivery charges are far too high for a small order.',
    ],
    mixed: [
      'Good prices but the delivery took longer than promised.',
      'Easy to order, but the tracking information was never updated.',
      'Site works fine on a laptop but is really fiddly on my phone.',
    ],
    neutral: ['Ordered online, all fine.', 'Standard online order.', 'Bought a gift card.'],
  },
}

/** The tone a customer's comment takes, given how satisfied they said they were (CSAT 1–5). */
export function commentTone(rng: SeededRandom, csat: number): CommentTone {
  const r = rng.next()
  if (csat <= 2) return r < 0.9 ? 'negative' : 'mixed'
  if (csat === 3) return r < 0.45 ? 'mixed' : r < 0.75 ? 'negative' : 'neutral'
  if (csat === 4) return r < 0.55 ? 'positive' : r < 0.8 ? 'mixed' : 'neutral'
  return r < 0.92 ? 'positive' : 'neutral'
}

/** One comment for a response, with its placeholders filled in. */
export function writeComment(rng: SeededRandom, channel: CommentChannel, tone: CommentTone, town: string): string {
  const template = rng.pick(COMMENT_BANK[channel][tone])
  const mins = tone === 'positive' ? rng.int(1, 4) : tone === 'mixed' ? rng.int(10, 25) : rng.int(15, 45)
  return template.replace('{mins}', String(mins)).replace('{days}', String(rng.int(2, 6))).replace('{town}', town)
}
