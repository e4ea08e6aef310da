import type { Path } from './yaml-file';

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Unresolved {
  path: Path;
  variable: string;
}

export function hasEnvRef(value: string): boolean {
  return new RegExp(REF.source).test(value);
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML value. Secrets stay out of
 * the file this way; a reference that the environment does not answer is reported, never left as text.
 */
export function resolveEnvRefs(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  unresolved: Unresolved[],
  path: Path = [],
  allowed: (path: Path) => boolean = () => true,
  misplaced: Unresolved[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(REF, (whole, name: string, fallback: string | undefined) => {
      // Where a reference may not stand, it stays as written and is reported: a secret must not be
      // copyable into text that alerts carry ("Contact: ${SMTP_URL}").
      if (!allowed(path)) {
        misplaced.push({ path, variable: name });
        return whole;
      }
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      unresolved.push({ path, variable: name });
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvRefs(v, env, unresolved, [...path, i], allowed, misplaced));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveEnvRefs(v, env, unresolved, [...path, k], allowed, misplaced)]));
  }
  return value;
}
