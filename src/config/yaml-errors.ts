/**
 * The YAML parser's messages name grammar ("Nested mappings are not allowed in compact mappings");
 * the people who edit the watchlist make two mistakes far more than any other, an unquoted colon in a
 * value and a line indented differently from its neighbours. Those are said in their terms.
 */
export function yamlMistake(code: string, message: string, line: string | undefined): string {
  const text = line ?? '';
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const value = /^\s*(?:-\s+)?[^\s:#][^:#]*:\s+(.*)$/.exec(text)?.[1];
      if (value && /:(\s|$)/.test(value) && !/^["']/.test(value)) {
        return `a value with ": " in it must be quoted: write "${value.trim().replace(/"/g, '\\"')}" in double quotes`;
      }
      return 'the next line is indented further than this one: the keys of one entry must start at the same column';
    }
    case 'MISSING_CHAR':
      if (/without - indicator/.test(message)) return 'this line is indented less than the keys above it: the keys of one entry must start at the same column';
      return message;
    case 'BAD_INDENT':
      return 'this line is indented differently from the keys above it: the keys of one entry must start at the same column';
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation: YAML takes spaces only';
    default:
      return message;
  }
}
