import { forTerminal } from '../../../src/util/terminal-text';

describe('forTerminal', () => {
  test.each([
    ['a window title', 'a\u001b]0;owned\u0007b', 'ab'],
    ['a window title ended by ST', 'a\u001b]2;owned\u001b\\b', 'ab'],
    ['clear screen and cursor moves', '\u001b[2J\u001b[Hnews', 'news'],
    ['concealed text', 'see \u001b[8mhidden\u001b[0m here', 'see hidden here'],
    ['a C1 control and a bell', 'x\u009by\u0007z', 'xyz'],
    ['a bidirectional override', 'file\u202Efdp.exe', 'filefdp.exe'],
  ])('removes %s', (_label, text, clean) => {
    expect(forTerminal(text)).toBe(clean);
  });

  test('keeps tabs, newlines and every script', () => {
    const text = 'Mu Sochua\tមូរ សុខហួរ\n桂民海 — «Зелимхан»';
    expect(forTerminal(text)).toBe(text);
  });
});
