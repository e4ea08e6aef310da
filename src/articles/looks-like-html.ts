/** Markup an HTML page starts with, near its top; kept apart from the HTML parser so plain text never loads it. */
export function looksLikeHtml(text: string): boolean {
  return /<(?:!doctype\s+html|html|body|p|div|br|a\s|span|article|h[1-6])\b/i.test(text.slice(0, 4096));
}
