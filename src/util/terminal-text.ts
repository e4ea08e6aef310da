// Escape sequences (ESC [ … letter, ESC ] … BEL or ESC \, and two-character ESC forms), then every other
// control character but tab and newline, C1 controls included, and the bidirectional overrides that
// can make a line read other than it is.
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from articles, feeds and servers, made safe to print on an operator's terminal: no sequence in
 * it can set the window title, clear the screen or hide what follows. Every line the command line
 * prints from untrusted text goes through here.
 */
export function forTerminal(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}
