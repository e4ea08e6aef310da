/**
 * The words that tell the rules who a signal is about, per language. They are cues, not grammar: cheap
 * checks that remove the commonest wrong pairings in news writing (docs/matching.md, "Who a signal is
 * about"). Each entry is a word or a short phrase, folded and matched as whole tokens, like names.
 */
export interface CueWords {
  /** Subject and object pronouns for one person: "she was detained", "followed him". Not possessives. */
  singular: string[];
  /** "said his detention …": a possessive just before a signal, pointing back at the one speaking. */
  possessive: string[];
  /** "detained her": an object pronoun just after a signal. */
  object: string[];
  /** The speaker talking about themselves: "I was detained", "they followed me". */
  firstPerson: string[];
  /** "They were detained", "the pair": a group, so a person named as one of a group. */
  plural: string[];
  /** After a name, the name is the speaker: "X said", "X condemned the arrest". */
  comment: string[];
  /** Before a name, the name is the speaker of what came before: "…, said X", "according to X". */
  attribution: string[];
  /** Before a name in a list of those an event befell: "among them X", "they include X". */
  list: string[];
  /** Next to a name set off by commas, the name is someone's relative: "X, Nhat's wife". */
  relative: string[];
  /** Just before a name, the name is a comparison: "like X before him". */
  comparison: string[];
  /** Just before a signal, the signal is a past case: "previous warrants", "prior to his murder". */
  past: string[];
  /** In the sentence of an event, the event befell several people: "six activists", "the five". */
  group: string[];
  /** Just before a name, a title that says whether the person is a man or a woman (GENDERED). */
  title: string[];
}

/**
 * Pronouns and titles that say whether a person is a man or a woman, folded. "Ms. X urged Mr. Y to
 * take up a political prisoner's case, to which he reacted" — "he" is not Ms. X.
 */
export const GENDERED: Record<'m' | 'f', string[]> = {
  m: ['he', 'him', 'his', 'himself', 'mr', 'mister', 'sir', 'monsieur', 'mr.', 'il', 'lui', 'он', 'его', 'ему', 'ним', '他', 'ong', 'ong ay', 'anh ay', 'លោក', 'นาย', 'ဦး', 'pan', 'herr'],
  f: ['she', 'her', 'hers', 'herself', 'ba', 'ms', 'mrs', 'miss', 'madam', 'madame', 'mme', 'lady', 'dame', 'elle', 'она', 'ее', 'ей', 'ней', '她', 'ba ay', 'chi ay', 'co ay', 'លោកស្រី', 'អ្នកស្រី', 'นาง', 'นางสาว', 'ဒေါ်', 'pani', 'frau'],
};

const NUMBERS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'dozen', 'dozens', 'several', 'multiple'];

export const CUE_WORDS: Record<string, CueWords> = {
  en: {
    title: ['mr', 'mister', 'sir', 'monsieur', 'ms', 'mrs', 'miss', 'madam', 'madame', 'mme', 'lady', 'dame', 'ong', 'ba', 'លោក', 'លោកស្រី', 'អ្នកស្រី', 'นาย', 'นาง', 'นางสาว', 'ဦး', 'ဒေါ်', 'pan', 'pani', 'herr', 'frau'],
    singular: ['he', 'she', 'him', 'himself', 'herself'],
    possessive: ['his', 'her'],
    object: ['him', 'her'],
    firstPerson: ['i', 'me', 'myself', 'my'],
    plural: ['they', 'them', 'themselves', 'pair', 'both', 'trio'],
    // Past and present forms, as news copy writes them; not nouns ("protests", "notes", "the States").
    comment: [
      ...['condemned', 'condemns', 'denounced', 'denounces', 'criticised', 'criticized', 'criticises', 'criticizes', 'deplored', 'welcomed', 'hailed', 'lamented', 'blasted', 'decried', 'slammed'],
      ...['said', 'says', 'told', 'tells', 'added', 'wrote', 'writes', 'stated', 'tweeted', 'argued', 'argues', 'noted', 'urged', 'urges', 'warned', 'warns', 'appealed', 'explained', 'described', 'recalled', 'recounted', 'insisted', 'stressed', 'emphasised', 'emphasized', 'highlighted', 'commented', 'responded', 'demanded', 'called', 'calling', 'speaks', 'spoke', 'speaking', 'asked', 'vowed', 'pointed out'],
    ],
    attribution: ['said', 'says', 'told', 'wrote', 'added', 'according to', 'stated', 'explained', 'noted', 'warned', 'asked'],
    list: ['include', 'includes', 'included', 'including', 'among', 'named', 'identified', 'identified as', 'they are', 'they were', 'also named', 'the accused', 'the others', 'the five', 'the four', 'the three', 'the six', 'the seven', 'the eight', 'the two'],
    relative: ['wife', 'husband', 'widow', 'widower', 'daughter', 'son', 'mother', 'father', 'brother', 'sister', 'sibling', 'cousin', 'nephew', 'niece', 'uncle', 'aunt', 'grandson', 'granddaughter', 'grandmother', 'grandfather', 'spouse', 'fiancee', 'fiance', 'parents'],
    comparison: ['like', 'unlike', 'as did'],
    past: ['previous', 'previously', 'prior to', 'formerly', 'earlier', 'past', 'former'],
    group: [...NUMBERS, 'they', 'them', 'activists', 'dissidents', 'exiles', 'refugees', 'critics', 'journalists', 'members', 'people', 'men', 'women', 'opponents', 'defendants', 'individuals', 'figures', 'lawmakers', 'leaders', 'supporters', 'families', 'asylum seekers', 'others'],
  },
  fr: {
    singular: ['il', 'elle', 'lui'],
    possessive: [],
    object: [],
    firstPerson: ['je', 'moi'],
    plural: ['ils', 'elles', 'eux'],
    comment: ['a declare', 'declare', 'a dit', 'dit', 'affirme', 'a affirme', 'denonce', 'a denonce', 'condamne', 'a condamne', 'a indique', 'indique', 'explique', 'a explique', 'a ajoute', 'ajoute', 'raconte', 'a raconte', 'souligne', 'a souligne', 'estime', 'a estime'],
    attribution: ['selon', 'a declare', 'a dit', 'a affirme', 'a indique', 'a ajoute', 'a explique', 'a raconte'],
    list: ['parmi', 'dont', 'notamment', 'parmi eux', 'parmi lesquels'],
    relative: ['femme', 'epouse', 'mari', 'fille', 'fils', 'mere', 'pere', 'frere', 'soeur', 'veuve', 'cousin', 'neveu'],
    comparison: ['comme'],
    past: ['precedent', 'precedente', 'precedemment', 'auparavant', 'ancien', 'ancienne'],
    group: ['deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'plusieurs', 'militants', 'opposants', 'dissidents', 'refugies', 'journalistes', 'ils', 'eux'],
    title: [],
  },
  id: {
    singular: ['dia', 'ia', 'beliau'],
    possessive: [],
    object: [],
    firstPerson: ['saya', 'aku'],
    plural: ['mereka'],
    comment: ['kata', 'mengatakan', 'ujar', 'ucap', 'menyatakan', 'menegaskan', 'mengecam', 'menilai', 'menjelaskan', 'menambahkan'],
    attribution: ['kata', 'ujar', 'menurut', 'ucap'],
    list: ['termasuk', 'di antaranya', 'antara lain', 'yakni', 'yaitu'],
    relative: ['istri', 'suami', 'putri', 'putra', 'ayah', 'kakak', 'adik', 'janda'],
    comparison: ['seperti'],
    past: ['sebelumnya', 'dulu', 'mantan'],
    group: ['dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'beberapa', 'para', 'mereka'],
    title: [],
  },
  vi: {
    // Folded, Vietnamese syllables collide ("nói" and "Hà Nội" are both "noi"): only unambiguous phrases.
    singular: ['ong ay', 'ba ay', 'anh ay', 'chi ay', 'co ay'],
    possessive: [],
    object: [],
    firstPerson: ['toi'],
    plural: ['ho da', 'ho bi'],
    comment: ['noi rang', 'cho biet', 'tuyen bo', 'phat bieu', 'chia se', 'khang dinh', 'len an'],
    attribution: ['theo'],
    list: ['gom', 'trong do', 'trong so'],
    relative: ['con gai', 'con trai', 'vo cua', 'chong cua'],
    comparison: ['giong nhu'],
    past: ['truoc day', 'truoc do'],
    group: ['cac', 'nhung'],
    title: [],
  },
  zh: {
    singular: ['他', '她'],
    possessive: [],
    object: [],
    firstPerson: ['我'],
    plural: ['他们', '他們', '她们', '她們'],
    comment: ['表示', '说', '說', '称', '稱', '指出', '透露', '强调', '強調', '谴责', '譴責', '批评', '批評', '呼吁', '呼籲'],
    attribution: ['据', '據', '根据', '根據'],
    list: ['包括', '其中'],
    relative: ['妻子', '太太', '丈夫', '女儿', '女兒', '儿子', '兒子', '母亲', '母親', '父亲', '父親', '遗孀', '遺孀', '兄弟', '姐姐', '妹妹'],
    comparison: ['如同', '就像'],
    past: ['此前', '先前', '曾经', '曾經'],
    group: ['多名', '两名', '兩名', '三名', '四名', '五名', '六名', '七名', '八名', '数名', '數名', '多人'],
    title: [],
  },
  ru: {
    singular: ['он', 'она', 'его', 'ее', 'ему', 'ей', 'ним', 'ней'],
    possessive: [],
    object: [],
    firstPerson: ['я', 'меня', 'мне'],
    plural: ['они', 'их', 'им'],
    comment: ['заявил', 'заявила', 'сказал', 'сказала', 'сообщил', 'сообщила', 'отметил', 'отметила', 'подчеркнул', 'подчеркнула', 'осудил', 'осудила', 'призвал', 'призвала', 'написал', 'написала', 'рассказал', 'рассказала', 'каза', 'заяви', 'добави'],
    attribution: ['по словам', 'как заявил', 'как заявила', 'каза', 'заяви', 'добави'],
    list: ['среди', 'в том числе', 'среди них'],
    relative: ['жена', 'муж', 'дочь', 'сын', 'мать', 'отец', 'брат', 'сестра', 'вдова'],
    comparison: ['как'],
    past: ['ранее', 'прежде', 'бывший'],
    group: ['двое', 'трое', 'пятеро', 'несколько', 'активистов', 'оппозиционеров'],
    title: [],
  },
  th: {
    singular: ['เขา', 'เธอ'],
    possessive: [],
    object: [],
    firstPerson: ['ผม', 'ฉัน', 'ดิฉัน'],
    plural: ['พวกเขา'],
    comment: ['กล่าว', 'ระบุ', 'เปิดเผย', 'ชี้', 'แถลง', 'เผย', 'ให้สัมภาษณ์'],
    attribution: ['ตามที่'],
    list: ['ได้แก่', 'รวมถึง'],
    relative: ['ภรรยา', 'สามี', 'ลูกสาว', 'ลูกชาย', 'แม่', 'พ่อ', 'ภริยา'],
    comparison: ['เช่นเดียวกับ'],
    past: ['ก่อนหน้านี้'],
    group: ['สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด'],
    title: [],
  },
  km: {
    singular: ['គាត់', 'នាង'],
    possessive: [],
    object: [],
    firstPerson: ['ខ្ញុំ'],
    plural: ['ពួកគេ'],
    comment: ['និយាយ', 'ថ្លែង', 'មានប្រសាសន៍', 'បញ្ជាក់', 'រិះគន់'],
    attribution: ['យោងតាម'],
    list: ['រួមមាន', 'ក្នុងនោះ'],
    relative: ['ប្រពន្ធ', 'ភរិយា', 'ស្វាមី', 'ប្តី', 'កូនស្រី', 'កូនប្រុស', 'ម្តាយ', 'ឪពុក'],
    comparison: ['ដូចជា'],
    past: ['ពីមុន'],
    group: ['ពីរ', 'បី', 'បួន', 'ប្រាំ', 'សកម្មជន'],
    title: [],
  },
  es: {
    singular: ['ella'],
    possessive: [],
    object: [],
    firstPerson: ['yo', 'me'],
    plural: ['ellos', 'ellas'],
    comment: ['dijo', 'afirmo', 'declaro', 'denuncio', 'senalo', 'aseguro', 'explico'],
    attribution: ['segun', 'dijo', 'afirmo', 'declaro'],
    list: ['entre ellos', 'incluidos', 'entre los'],
    relative: ['esposa', 'esposo', 'hija', 'hijo', 'madre', 'padre', 'hermano', 'hermana', 'viuda'],
    comparison: ['como'],
    past: ['anteriormente', 'previamente'],
    group: ['dos', 'tres', 'cuatro', 'cinco', 'opositores', 'activistas'],
    title: [],
  },
  de: {
    singular: ['er', 'sie', 'ihn'],
    possessive: [],
    object: [],
    firstPerson: ['ich', 'mich', 'mir'],
    plural: [],
    comment: ['sagte', 'sagt', 'erklarte', 'kritisierte', 'betonte', 'schrieb'],
    attribution: ['laut', 'sagte', 'erklarte'],
    list: ['darunter', 'unter ihnen'],
    relative: ['frau', 'ehefrau', 'ehemann', 'tochter', 'sohn', 'mutter', 'vater', 'bruder', 'schwester', 'witwe'],
    comparison: ['wie'],
    past: ['fruher', 'zuvor', 'ehemalige'],
    group: ['zwei', 'drei', 'vier', 'funf', 'mehrere', 'aktivisten'],
    title: [],
  },
  ar: {
    singular: ['هو', 'هي'],
    possessive: [],
    object: [],
    firstPerson: ['أنا'],
    plural: ['هم'],
    comment: ['قال', 'قالت', 'وقال', 'وقالت', 'أكد', 'أكدت', 'صرح', 'أضاف'],
    attribution: ['وفق', 'وفقا', 'بحسب', 'قال', 'قالت', 'وقال', 'وقالت'],
    list: ['بين', 'وبين', 'من بينهم', 'منهم'],
    relative: ['زوجة', 'زوج', 'ابنة', 'ابن', 'والدة', 'والد', 'شقيق', 'شقيقة', 'أرملة'],
    comparison: ['مثل'],
    past: ['سابقا'],
    group: ['معارضا', 'معارضين', 'ناشطين'],
    title: [],
  },
};
