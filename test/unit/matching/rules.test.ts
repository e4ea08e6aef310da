import { compiled, matchText } from '../../helpers/watchlist';

const base = {
  people: [
    { id: 'mu-sochua', name: 'Mu Sochua', shortForms: ['Sochua'], routes: ['desk'], tags: ['cnrp'] },
    { id: 'kem-sokha', name: 'Kem Sokha' },
  ],
  signals: [{ id: 'detention', words: ['detain', 'detention'] }],
  contexts: [
    { id: 'malaysia', kind: 'country', words: ['Malaysia', 'Kuala Lumpur'] },
    { id: 'cambodia', kind: 'country', words: ['Cambodian'] },
  ],
  routes: [{ id: 'desk', kind: 'email', to: ['desk@example.org'] }],
};

const rules = [
  { id: 'same-sentence', when: { person: 'any', signal: 'any', within: 'sentence' }, severity: 'high', routes: [] },
  { id: 'nearby', when: { person: 'any', signal: 'any', within: 12 }, severity: 'medium' },
  { id: 'mentioned', when: { person: 'any' }, severity: 'low' },
  { id: 'discovery', when: { person: 'none', signal: 'any', context: ['cambodia'], within: 'sentence' }, severity: 'low' },
];

const c = compiled({ ...base, rules });

describe('rules', () => {
  test('a person and a signal in one sentence raise the most severe rule, with evidence', () => {
    const text = 'Mu Sochua was detained at Kuala Lumpur airport on Thursday.';
    const { alerts } = matchText(c, text);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a).toMatchObject({ rule: 'same-sentence', severity: 'high', personId: 'mu-sochua', signalIds: ['detention'], contextIds: ['malaysia'] });
    expect(a.entries).toEqual(['mu-sochua', 'detention', 'malaysia']);
    expect(a.snippet).toBe(text);
    expect(a.routes).toEqual(['desk']);
    const marked = a.evidence[0]!.highlights.map((h) => text.slice(h.start, h.end));
    expect(marked).toEqual(['Mu Sochua', 'detained', 'Kuala Lumpur']);
  });

  test('a signal in the next sentence falls to the word-distance rule', () => {
    const { alerts } = matchText(c, 'Mu Sochua landed on Thursday. She was detained for nine hours.');
    expect(alerts.map((a) => [a.rule, a.severity])).toEqual([['nearby', 'medium']]);
    expect(alerts[0]!.evidence).toHaveLength(2);
  });

  test('a short form carries the person into a later sentence', () => {
    const { alerts } = matchText(c, 'Mu Sochua landed on Thursday. Officers later said Sochua was detained overnight.');
    expect(alerts.map((a) => a.rule)).toEqual(['same-sentence']);
  });

  test('a person alone is only mentioned', () => {
    const { alerts } = matchText(c, 'Mu Sochua spoke about rice exports and the weather.');
    expect(alerts.map((a) => [a.rule, a.severity])).toEqual([['mentioned', 'low']]);
  });

  test('each person gets their own alert', () => {
    const { alerts } = matchText(c, 'Kem Sokha was detained in 2017. Mu Sochua wrote a book.');
    expect(alerts.map((a) => [a.personId, a.rule])).toEqual([
      ['mu-sochua', 'mentioned'],
      ['kem-sokha', 'same-sentence'],
    ]);
  });

  test('a discovery rule fires only when no watched person is named', () => {
    expect(matchText(c, 'Two Cambodian activists were detained in Bangkok.').alerts.map((a) => a.rule)).toEqual(['discovery']);
    expect(matchText(c, 'Two Cambodian activists were detained. Mu Sochua spoke.').alerts.map((a) => a.rule)).toEqual(['mentioned']);
  });

  test('a status signal raises no alert unless a rule names it', () => {
    const withStatus = { ...base, signals: [...base.signals, { id: 'refugee', words: ['refugee'], status: true }] };
    expect(matchText(compiled({ ...withStatus, rules }), 'Mu Sochua, a refugee, spoke.').alerts.map((a) => a.rule)).toEqual(['mentioned']);
    const named = [{ id: 'refugee-named', when: { person: 'any', signal: ['refugee'], within: 'sentence' }, severity: 'medium' }, ...rules];
    expect(matchText(compiled({ ...withStatus, rules: named }), 'Mu Sochua, a refugee, spoke.').alerts.map((a) => a.rule)).toEqual(['refugee-named']);
  });

  test('severity none records nothing', () => {
    const quiet = compiled({ ...base, rules: [{ id: 'ignore', when: { person: 'any' }, severity: 'none' }] });
    expect(matchText(quiet, 'Mu Sochua spoke.').alerts).toEqual([]);
  });

  test('person selectors take ids and tags', () => {
    const tagged = compiled({ ...base, rules: [{ id: 'party', when: { person: ['tag:cnrp'] }, severity: 'medium' }] });
    expect(matchText(tagged, 'Mu Sochua and Kem Sokha spoke.').alerts.map((a) => a.personId)).toEqual(['mu-sochua']);
  });

  test('the alert id is stable for the same article, rule, person and signals', () => {
    const text = 'Mu Sochua was detained.';
    expect(matchText(c, text).alerts[0]!.id).toBe(matchText(c, `${text}`).alerts[0]!.id);
    expect(matchText(c, text).alerts[0]!.id).toMatch(/^[0-9a-f]{32}$/);
  });

  test('the title counts as the start of the article', () => {
    const { alerts } = matchText(c, 'She was detained for nine hours at the airport.', 'Mu Sochua');
    expect(alerts.map((a) => a.rule)).toEqual(['nearby']);
  });

  describe('who a signal is about', () => {
    const wide = compiled({ ...base, rules: [rules[0], { ...rules[1], when: { ...rules[1]!.when, within: 40 } }, rules[2]] });
    const ruleFor = (text: string, person: string): string | undefined => matchText(wide, text).alerts.find((a) => a.personId === person)?.rule;

    test('a person reacting to an arrest is a commentator, not the target', () => {
      expect(ruleFor('Kem Sokha was detained. Mu Sochua, who leads the group, condemned the detention.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('Kem Sokha was detained. Mu Sochua condemned the detention.', 'kem-sokha')).toBe('same-sentence');
    });

    test('a person speaking about a signal is its speaker, unless he or she turns it back to them', () => {
      expect(ruleFor('Mu Sochua said deportations of Cambodians were rising.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('Mu Sochua said she was detained for nine hours.', 'mu-sochua')).toBe('same-sentence');
      expect(ruleFor("Mu Sochua's lawyer said the detention was unlawful.", 'mu-sochua')).toBe('same-sentence');
    });

    test('a headline that has the person commenting does not make them the subject of the article', () => {
      const commented = matchText(wide, 'Crowds gathered outside the court. Three students were detained on Monday.', 'Mu Sochua condemns detentions');
      expect(commented.alerts.find((a) => a.personId === 'mu-sochua')?.rule).toBe('mentioned');
      const subject = matchText(wide, 'Crowds gathered outside the court. Three students were detained on Monday.', 'Mu Sochua in Jakarta');
      expect(subject.alerts.find((a) => a.personId === 'mu-sochua')?.rule).toBe('nearby');
    });

    test('a pronoun refers back past no other watched person', () => {
      expect(ruleFor('Mu Sochua left the party in 2017. Kem Sokha replaced her. He was detained in September.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('Mu Sochua left the party in 2017. Kem Sokha replaced her. He was detained in September.', 'kem-sokha')).toBe('nearby');
      expect(ruleFor('Mu Sochua stepped down and Kem Sokha took over. Months later, he was detained.', 'mu-sochua')).toBe('mentioned');
    });

    test('a reaction that turns back to the speaker still counts', () => {
      expect(ruleFor('Mu Sochua denounced the detention order issued against her.', 'mu-sochua')).toBe('same-sentence');
    });

    test('a noun that shares a stem with a reaction verb is no reaction', () => {
      expect(ruleFor('Mu Sochua, a veteran protester, was detained at the airport.', 'mu-sochua')).toBe('same-sentence');
    });

    test('"they" in a later sentence stands for people named together, not for one person', () => {
      expect(ruleFor('Voters cheered Mu Sochua. Officials said they were detained later.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('Mu Sochua and Kem Sokha landed. They were detained at the gate.', 'mu-sochua')).toBe('nearby');
      expect(ruleFor('Mu Sochua and Kem Sokha landed. Police detained the pair at the gate.', 'kem-sokha')).toBe('nearby');
    });

    test('a name listed just after the signal ("They include …") counts', () => {
      expect(ruleFor('Twelve exiles were detained on arrival. They include Mu Sochua, the deputy leader.', 'mu-sochua')).toBe('nearby');
      expect(ruleFor('Twelve exiles were detained on arrival. Mu Sochua spoke to the press, including local radio.', 'mu-sochua')).toBe('mentioned');
    });
  });
  describe('who an event befalls, in real reporting', () => {
    const people = compiled({
      ...base,
      people: [
        ...base.people,
        { id: 'theary-seng', name: 'Theary Seng', shortForms: ['Seng'] },
        { id: 'sam-rainsy', name: 'Sam Rainsy' },
        { id: 'kraidet', name: 'Kraidet Luelert', shortForms: ['Kasalong'] },
      ],
      rules: [rules[0], { ...rules[1], when: { ...rules[1]!.when, within: 40 } }, rules[2]],
    });
    const ruleFor = (text: string, person: string, title = ''): string | undefined =>
      matchText(people, text, title).alerts.find((a) => a.personId === person)?.rule;

    test('a list of names a few sentences after an event that befell a group belongs to it', () => {
      const text =
        'Police detained six opposition activists at a border post on Monday. The arrests came before a summit. ' +
        'A spokesman declined to comment. Officials gave no reason for the move to reporters gathered outside. ' +
        'Among them are Mu Sochua, Kem Sokha and Theary Seng.';
      for (const p of ['mu-sochua', 'kem-sokha', 'theary-seng']) expect(ruleFor(text, p)).toBe('nearby');
    });

    test('names in a row after an event that befell one person are not a list of its victims', () => {
      expect(ruleFor('Police detained a man on Monday. Mu Sochua and Kem Sokha attended a dinner.', 'mu-sochua')).toBe('mentioned');
    });

    test('a list item may carry a long description', () => {
      const text = 'Police detained six activists on Monday. They include Kem Sokha, a former teacher at the provincial school; Theary Seng, a lawyer.';
      expect(ruleFor(text, 'theary-seng')).toBe('nearby');
    });

    test('"…, said X" and "…, X told reporters" make X the speaker of what came before', () => {
      expect(ruleFor('"Kem Sokha was detained at dawn," said Mu Sochua.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('"Kem Sokha was detained at dawn," said Mu Sochua.', 'kem-sokha')).toBe('same-sentence');
      expect(ruleFor('Kem Sokha was detained on Sunday, Mu Sochua told reporters.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('Kem Sokha was detained on Sunday, Mu Sochua told reporters.', 'kem-sokha')).toBe('same-sentence');
    });

    test('a speaker who tells what befell them is its subject', () => {
      expect(ruleFor('"I was detained for three days," said Mu Sochua.', 'mu-sochua')).toBe('same-sentence');
      expect(ruleFor('Mu Sochua said police had detained her twice.', 'mu-sochua')).toBe('same-sentence');
      expect(ruleFor('Mu Sochua said in her speech that the detention of students was wrong.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('After her detention in May, Mu Sochua told reporters she would go back.', 'mu-sochua')).toBe('same-sentence');
      expect(ruleFor('"If he is detained, it is the end," Mu Sochua told reporters.', 'mu-sochua')).toBe('mentioned');
    });

    test('a name that is not the subject of the comment verb is no speaker', () => {
      expect(ruleFor('Officials detained Kem Sokha and Mu Sochua, police told reporters.', 'mu-sochua')).toBe('same-sentence');
    });

    test('a relative who speaks tells the story of the one pursued', () => {
      expect(ruleFor("Theary Seng, Kem Sokha's wife, said his detention was unlawful.", 'theary-seng')).toBe('mentioned');
      expect(ruleFor("Police detained Theary Seng, Kem Sokha's wife, at home.", 'theary-seng')).toBe('same-sentence');
      expect(ruleFor("Kem Sokha's daughter, Theary Seng, said his detention was unlawful.", 'theary-seng')).toBe('mentioned');
      expect(ruleFor('Police detained his cousin Theary Seng at home.', 'theary-seng')).toBe('same-sentence');
    });

    test('a comparison, a past case and a byline are not news about the person', () => {
      expect(ruleFor('Officials detained the blogger, like Mu Sochua years earlier.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('Prior to his detention, Kem Sokha led the party.', 'kem-sokha')).toBe('mentioned');
      expect(ruleFor('Police detained dozens of students last week.', 'mu-sochua', 'Why these detentions must stop | Mu Sochua')).toBe('mentioned');
      expect(ruleFor('Police detained dozens of students last week.', 'mu-sochua', 'Mu Sochua in Jakarta')).toBe('nearby');
    });

    test('a headline naming several people separately makes none of them the subject', () => {
      expect(ruleFor('Police detained dozens of students last week.', 'mu-sochua', 'Mu Sochua meets Sam Rainsy in Paris')).toBe('mentioned');
      expect(ruleFor('Police detained dozens of students last week.', 'mu-sochua', 'Mu Sochua and Sam Rainsy in Paris')).toBe('nearby');
    });

    test('a title gives a gender, and a pronoun of the other one is someone else', () => {
      expect(ruleFor('Ms. Mu Sochua met the minister. Later he was detained at the border.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('Ms. Mu Sochua met the minister. Later she was detained at the border.', 'mu-sochua')).toBe('nearby');
    });

    test('inside a quote, he or she is someone the speaker talks about', () => {
      expect(ruleFor('Mu Sochua spoke to reporters. "He was detained without charge," she said.', 'mu-sochua')).toBe('mentioned');
      expect(ruleFor('Reporters asked about Mu Sochua. "She was detained without charge," an aide said.', 'mu-sochua')).toBe('nearby');
    });

    test('a signal that befell a relative is not about the person', () => {
      expect(ruleFor('Theary Seng, whose parents were detained in the 1970s, gave a lecture.', 'theary-seng')).toBe('mentioned');
    });

    test('a short form that is no part of the name is a nickname and counts alone', () => {
      expect(ruleFor('Kasalong was detained in Vientiane.', 'kraidet')).toBe('same-sentence');
      expect(ruleFor('Seng was detained in Phnom Penh.', 'theary-seng')).toBeUndefined();
    });
  });
});
