/**
 * Fragment templates: HTML with {{name}} placeholders, compiled once.
 * Each placeholder's context (text, quoted attribute, URL attribute) is found at
 * compile time and its value escaped for that context when rendered, so a
 * hostile value can never leave its place. Refuses placeholders where no
 * escaping is safe: inside tags, unquoted attributes, event handlers, style,
 * <script>/<style> bodies and comments.
 */
import { err, ok, type Result } from "./result";

type Part =
  | { kind: "literal"; text: string }
  | { kind: "var"; name: string; context: "text" | "attribute" | "url" };

export interface Template {
  readonly variables: ReadonlySet<string>;
  render(vars: Readonly<Record<string, string>>): string;
}

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "poster", "cite", "data"]);

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
  "=": "&#61;",
};

export const escapeHtml = (value: string) => value.replace(/[&<>"'`=]/g, (c) => ESCAPES[c]!);

/** Only http(s), mailto and relative URLs survive; anything else becomes "#". */
export function safeUrl(value: string): string {
  const trimmed = value.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed.replace(/[\s\p{Cc}]/gu, ""));
  if (scheme && !["http", "https", "mailto"].includes(scheme[1]!.toLowerCase())) return "#";
  return trimmed;
}

type State = "text" | "tag" | "attr-dq" | "attr-sq" | "raw" | "comment";

/** Splits `html` into literal and placeholder parts, tracking where each placeholder sits. */
export function compileTemplate(html: string): Result<Template, string> {
  const parts: Part[] = [];
  let state: State = "text";
  let rawEnd = "";
  let attrName = "";
  let attrStart = 0;
  let literalStart = 0;
  let i = 0;
  while (i < html.length) {
    if (html.startsWith("{{", i)) {
      const close = html.indexOf("}}", i);
      if (close < 0) return err(`unclosed '{{' at offset ${i}`);
      const name = html.slice(i + 2, close).trim();
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name))
        return err(`'{{${name}}}' is not a variable name`);
      let context: "text" | "attribute" | "url";
      if (state === "text") context = "text";
      else if (state === "attr-dq" || state === "attr-sq") {
        const lower = attrName.toLowerCase();
        if (lower.startsWith("on") || lower === "style" || lower === "srcset") {
          return err(`'{{${name}}}' inside the ${attrName} attribute cannot be escaped safely`);
        }
        context =
          URL_ATTRIBUTES.has(lower) && html.slice(attrStart, i).trim() === "" ? "url" : "attribute";
      } else {
        return err(`'{{${name}}}' is in a place no value can be escaped for (${describe(state)})`);
      }
      if (i > literalStart) parts.push({ kind: "literal", text: html.slice(literalStart, i) });
      parts.push({ kind: "var", name, context });
      i = close + 2;
      literalStart = i;
      continue;
    }
    const c = html[i]!;
    switch (state) {
      case "text":
        if (html.startsWith("<!--", i)) {
          state = "comment";
          i += 4;
          continue;
        }
        if (c === "<" && /[a-zA-Z/]/.test(html[i + 1] ?? "")) {
          const tag = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(i));
          state = "tag";
          rawEnd =
            tag && !html.startsWith("</", i) && /^(script|style)$/i.test(tag[1]!) ? tag[1]! : "";
        }
        break;
      case "tag":
        if (c === ">") {
          state = rawEnd ? "raw" : "text";
        } else if (c === "=") {
          attrName = /([^\s=/"']+)\s*$/.exec(html.slice(0, i))?.[1] ?? "";
          let j = i + 1;
          while (html[j] === " ") j++;
          if (html[j] === '"' || html[j] === "'") {
            state = html[j] === '"' ? "attr-dq" : "attr-sq";
            attrStart = j + 1;
            i = j + 1;
            continue;
          }
        }
        break;
      case "attr-dq":
        if (c === '"') state = "tag";
        break;
      case "attr-sq":
        if (c === "'") state = "tag";
        break;
      case "raw":
        if (html.slice(i, i + rawEnd.length + 2).toLowerCase() === `</${rawEnd.toLowerCase()}`) {
          state = "tag";
          rawEnd = "";
        }
        break;
      case "comment":
        if (html.startsWith("-->", i)) {
          state = "text";
          i += 3;
          continue;
        }
        break;
    }
    i++;
  }
  if (literalStart < html.length) parts.push({ kind: "literal", text: html.slice(literalStart) });
  const variables = new Set(parts.flatMap((p) => (p.kind === "var" ? [p.name] : [])));
  return ok({
    variables,
    render(vars) {
      let out = "";
      for (const part of parts) {
        if (part.kind === "literal") out += part.text;
        else {
          const value = vars[part.name] ?? "";
          out += escapeHtml(part.context === "url" ? safeUrl(value) : value);
        }
      }
      return out;
    },
  });
}

function describe(state: State): string {
  switch (state) {
    case "tag":
      return "inside a tag, outside a quoted attribute value";
    case "raw":
      return "inside <script> or <style>";
    case "comment":
      return "inside an HTML comment";
    default:
      return state;
  }
}
