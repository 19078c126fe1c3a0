/**
 * Path patterns for rule sources and page types, compiled once to RegExp.
 * `/products/:slug` captures a segment, `*` matches one segment, `**` any depth.
 * Refuses query strings and hosts: a pattern is about the path only.
 */

export interface PathMatcher {
  readonly pattern: string;
  match(path: string): Record<string, string> | undefined;
  /** Whether the path matches, without capturing parameters. */
  test(path: string): boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "/a/b/" and "/a/b" are the same page; the root stays "/". */
export function normalizePath(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

export function compilePathPattern(pattern: string): PathMatcher {
  if (pattern.includes("?") || pattern.includes("#")) {
    throw new Error(`path pattern '${pattern}' must not contain '?' or '#'`);
  }
  const names: string[] = [];
  const parts = normalizePath(pattern)
    .split("/")
    .slice(1)
    .map((part) => {
      if (part === "**") return "(?:/.*)?";
      if (part === "*") return "/[^/]+";
      if (part.startsWith(":")) {
        const name = part.slice(1);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          throw new Error(`path pattern '${pattern}': ':${name}' is not a parameter name`);
        }
        names.push(name);
        return "/([^/]+)";
      }
      return `/${escapeRegExp(part)}`;
    });
  const body = parts.join("") || "/";
  const re = new RegExp(`^${body}$`);
  return {
    pattern,
    test: (path) => re.test(normalizePath(path)),
    match(path) {
      const m = re.exec(normalizePath(path));
      if (!m) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        const raw = m[i + 1] ?? "";
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          params[name] = raw;
        }
      });
      return params;
    },
  };
}
