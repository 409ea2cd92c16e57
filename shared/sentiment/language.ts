/**
 * Is this English? A small function-word vote, enough to refuse to guess on comments written in
 * another language (the tagger labels English only). Short answers ("ok", "n/a", "👍") count as
 * English unless they are a known foreign word.
 */

const EN = new Set(
  ('the a an and or but to of in on at for with was were is are be been it its this that i my me we our us you your they ' +
    'their he she his her not no very so had have has did do does just really would will can could there what when from ' +
    'as by about after all if then than too them staff service good great thanks thank nice food time again never still ' +
    'got get went came told asked waited ok okay fine lovely excellent').split(' '),
)

const OTHER = new Set(
  (
    // French
    'le la les des du et est très une un avec pour pas je nous vous mais été était très bien merci personnel accueil ' +
    'service rapide trop attente sont cette ça où aussi tout ' +
    // German
    'der die das und ist sehr nicht ich wir sie mit für auf war waren ein eine zu schnell freundlich danke gut schlecht ' +
    'aber auch noch nur bei mir uns ' +
    // Spanish / Portuguese / Italian
    'el los las y es muy pero con por para una que del al fue servicio muito não com uma obrigado gracias bueno ' +
    'buena malo mala il lo gli è molto non per con della sono grazie buono personale ' +
    // Dutch / Nordic / Polish
    'het een niet zeer goed slecht bedankt ik wij och är inte mycket tack bra og ikke meget jest nie bardzo dziękuję dobrze'
  ).split(' '),
)

const ONE_WORD_OTHER = new Set(['merci', 'gracias', 'danke', 'grazie', 'obrigado', 'obrigada', 'bedankt', 'tack', 'dziękuję', 'génial', 'genial', 'excelente', 'prima', 'super bien', 'muy bien', 'sehr gut', 'très bien', 'schlecht', 'mauvais', 'malo', 'bueno', 'buenísimo', 'perfecto'])

const NON_LATIN = /(?!\p{Script=Latin})\p{L}/u

/** 'en', 'other' or 'empty' for a text (any case). */
export function detectLanguage(text: string): 'en' | 'other' | 'empty' {
  const trimmed = text.trim()
  if (trimmed === '') return 'empty'
  if (NON_LATIN.test(trimmed)) {
    const letters = trimmed.match(/\p{L}/gu)?.length ?? 0
    const latin = trimmed.match(/\p{Script=Latin}/gu)?.length ?? 0
    if (letters > 0 && latin / letters < 0.5) return 'other'
  }
  const words = trimmed.toLowerCase().match(/[\p{L}']+/gu) ?? []
  if (words.length === 0) return 'en'
  if (ONE_WORD_OTHER.has(words.join(' '))) return 'other'
  let en = 0
  let other = 0
  for (const w of words) {
    if (EN.has(w)) en++
    if (OTHER.has(w)) other++
  }
  if (words.length <= 2) return other > en && other === words.length ? 'other' : 'en'
  return other >= 2 && other > en * 1.5 ? 'other' : 'en'
}
