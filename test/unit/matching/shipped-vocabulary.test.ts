// The shipped signals in the languages the reporting is written in: each sentence was written for this
// test, in the way news in that language puts the event.
import { join } from 'node:path';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { compileWatchlist } from '../../../src/matching/compile';
import { matchText } from '../../helpers/watchlist';

const { watchlist } = loadWatchlist(join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml'), {});
const c = compileWatchlist(watchlist);
const signalsIn = (text: string): string[] =>
  [
    ...new Set(
      matchText(c, text)
        .matches.filter((m) => m.kind === 'signal')
        .map((m) => m.entry),
    ),
  ].sort();

describe('shipped signal vocabulary', () => {
  test.each([
    ['en', 'The blogger was abducted from a shopping mall.', 'abduction-disappearance'],
    ['en', 'Her whereabouts remain unknown since Friday.', 'abduction-disappearance'],
    ['en', 'The exile was shot dead outside his flat.', 'violence-assassination'],
    ['en', 'He was brutally beaten by unknown men.', 'violence-assassination'],
    ['en', 'Security forces summoned his sister and questioned her for hours.', 'family-targeted'],
    ['en', 'Police offered a bounty for information on the activists.', 'bounty'],
    ['en', 'The refugees were deported despite their UNHCR status.', 'refugee-refoulement'],
    ['en', 'Officials called it a voluntary repatriation.', 'refugee-refoulement'],
    ['en', 'The court stripped 94 exiles of their nationality.', 'passport-entry-denial'],
    ['en', 'She was arrested for overstaying her visa.', 'visa-overstay'],
    ['fr', "L'opposant a été arrêté à l'aéroport.", 'arrest-detention'],
    ['fr', 'Le journaliste a été enlevé devant chez lui.', 'abduction-disappearance'],
    ['fr', 'Il a été condamné par contumace.', 'trial-in-absentia'],
    ['id', 'Aktivis itu ditangkap di Jakarta.', 'arrest-detention'],
    ['id', 'Dia dideportasi ke negaranya.', 'deportation'],
    ['vi', 'Nhà báo đã bị bắt tại Bangkok.', 'arrest-detention'],
    ['vi', 'Ông mất tích từ tháng Một.', 'abduction-disappearance'],
    ['zh', '他在泰國失蹤三個月。', 'abduction-disappearance'],
    ['zh', '警方宣布懸紅一百萬元通緝他們。', 'bounty'],
    ['ru', 'Оппозиционер был задержан в аэропорту.', 'arrest-detention'],
    ['ru', 'Суд признал его виновным в убийстве журналиста.', 'violence-assassination'],
    ['th', 'นักกิจกรรมถูกจับกุมที่กรุงเทพ', 'arrest-detention'],
    ['th', 'ครบหนึ่งปีการหายตัวไปของนักกิจกรรม', 'abduction-disappearance'],
    ['km', 'សកម្មជនត្រូវបានចាប់ខ្លួននៅបាងកក', 'arrest-detention'],
    ['km', 'គាត់ត្រូវបាននិរទេសទៅកម្ពុជា', 'deportation'],
  ])('%s: %s', (_lang, text, signal) => {
    expect(signalsIn(text)).toContain(signal);
  });

  test.each([
    ['a bug bounty', 'The company runs a bug bounty for security researchers.'],
    ['an executive', 'The chief executive resigned on Monday.'],
    ['a character assassination', 'He called the article a character assassination.'],
    ['a degree in absentia', 'She received her degree in absentia.'],
  ])('does not fire on %s', (_label, text) => {
    expect(signalsIn(text)).toEqual([]);
  });
});
