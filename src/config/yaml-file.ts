import { readFileSync } from 'node:fs';
import { Document, isNode, LineCounter, parseDocument } from 'yaml';
import type { ConfigIssue } from './errors';
import { yamlMistake } from './yaml-errors';

export type Path = ReadonlyArray<string | number>;

/**
 * A YAML file parsed with positions kept, so that a problem found later (by the schema, or by a
 * cross-reference check) can be reported at the line and column an operator will edit.
 */
export class YamlFile {
  readonly issues: ConfigIssue[] = [];
  readonly data: unknown;
  private readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const sourceLines = text.split(/\r?\n/);
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      const pos = this.lines.linePos(e.pos[0]);
      const message = yamlMistake(e.code, e.message.split('\n')[0] ?? e.message, sourceLines[pos.line - 1]);
      // One mistake often trips several of the parser's checks on the same line: the first says it.
      if (this.issues.some((i) => i.line === pos.line)) continue;
      this.issues.push({ file, line: pos.line, column: pos.col, message, severity: this.doc.errors.includes(e) ? 'error' : 'warning' });
    }
    this.data = this.doc.errors.length > 0 ? undefined : this.toData();
  }

  private toData(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // A YAML "alias bomb" (aliases of aliases, to exhaust memory) stops at the limit: one line, not a trace.
      this.issues.push({ file: this.file, line: 1, column: 1, message: `cannot read: ${(err as Error).message.split('\n')[0]}`, severity: 'error' });
      return undefined;
    }
  }

  static read(file: string): YamlFile {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
      const yf = new YamlFile(file, '');
      yf.issues.push({ file, line: 1, column: 1, message: `cannot read: ${reason}`, severity: 'error' });
      return yf;
    }
    return new YamlFile(file, text);
  }

  /** Where a value sits in the file: the closest node that exists along the path. */
  locate(path: Path): { line: number; column: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = this.lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
      // A map key has no node of its own in getIn; point at the pair's parent instead.
    }
    return { line: 1, column: 1 };
  }

  report(path: Path, message: string, severity: ConfigIssue['severity'] = 'error'): void {
    this.issues.push({ file: this.file, ...this.locate(path), message, severity });
  }

  get ok(): boolean {
    return !this.issues.some((i) => i.severity === 'error');
  }
}
