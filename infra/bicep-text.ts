/**
 * Text-level reading of Bicep files for infra tests. The Bicep compiler cannot be installed here, so
 * these helpers check what text can show: balanced brackets and strings, module and file references,
 * declared parameters and resource API versions, and the entries of an object literal.
 */

export interface Problem {
  line: number;
  message: string;
}

export interface Scan {
  /** The text with every comment blanked (newlines kept, so line numbers still match). */
  code: string;
  problems: Problem[];
}

type Frame = { open: '(' | '[' | '{' | '${'; line: number };

const CLOSERS: Record<string, Frame['open']> = { ')': '(', ']': '[', '}': '{' };

/**
 * One pass over a Bicep file: blanks comments and reports unbalanced brackets and unterminated
 * strings. Knows '...' strings with backslash escapes and ${...} interpolation, ''' multi-line
 * strings (no escapes, no interpolation), // and /* *\/ comments.
 */
export function scanBicep(text: string): Scan {
  const out: string[] = [];
  const problems: Problem[] = [];
  const stack: Frame[] = [];
  let mode: 'code' | 'string' | 'multiline' | 'line-comment' | 'block-comment' = 'code';
  let line = 1;
  let stringLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '\n') line++;
    switch (mode) {
      case 'line-comment':
        if (ch === '\n') mode = 'code';
        out.push(ch === '\n' ? ch : ' ');
        continue;
      case 'block-comment':
        if (ch === '*' && next === '/') {
          mode = 'code';
          out.push('  ');
          i++;
        } else out.push(ch === '\n' ? ch : ' ');
        continue;
      case 'multiline':
        out.push(ch);
        if (text.startsWith("'''", i)) {
          out.push("''");
          i += 2;
          mode = 'code';
        }
        continue;
      case 'string':
        out.push(ch);
        if (ch === '\\') {
          out.push(next ?? '');
          i++;
        } else if (ch === "'") mode = 'code';
        else if (ch === '$' && next === '{') {
          out.push('{');
          i++;
          stack.push({ open: '${', line });
          mode = 'code';
        } else if (ch === '\n') {
          problems.push({ line: stringLine, message: 'string not closed on its line' });
          mode = 'code';
        }
        continue;
      case 'code':
        break;
      default: {
        const unknown: never = mode;
        throw new Error(`scanBicep: unknown mode ${String(unknown)}`);
      }
    }
    if (ch === '/' && next === '/') {
      mode = 'line-comment';
      out.push('  ');
      i++;
      continue;
    }
    if (ch === '/' && next === '*') {
      mode = 'block-comment';
      out.push('  ');
      i++;
      continue;
    }
    out.push(ch);
    if (text.startsWith("'''", i)) {
      out.push("''");
      i += 2;
      stringLine = line;
      mode = 'multiline';
    } else if (ch === "'") {
      stringLine = line;
      mode = 'string';
    } else if (ch === '(' || ch === '[' || ch === '{') stack.push({ open: ch, line });
    else if (ch in CLOSERS) {
      const top = stack.pop();
      if (ch === '}' && top?.open === '${') mode = 'string';
      else if (!top) problems.push({ line, message: `"${ch}" closes nothing` });
      else if (top.open !== CLOSERS[ch])
        problems.push({ line, message: `"${ch}" closes "${top.open}" opened on line ${top.line}` });
    }
  }
  if (mode === 'string' || mode === 'multiline')
    problems.push({ line: stringLine, message: 'string never closed' });
  if (mode === 'block-comment') problems.push({ line, message: 'comment never closed' });
  for (const frame of stack) problems.push({ line: frame.line, message: `"${frame.open}" never closed` });
  return { code: out.join(''), problems };
}

/** Paths of `module <name> '<path>'` statements (registry and template-spec references excluded). */
export function moduleReferences(code: string): string[] {
  return [...code.matchAll(/^\s*module\s+\w+\s+'([^']+)'/gm)]
    .map((m) => m[1])
    .filter((p) => !/^(br|ts)[:/]/.test(p));
}

/** Paths given to loadJsonContent / loadTextContent / loadYamlContent / loadFileAsBase64. */
export function loadedFiles(code: string): string[] {
  return [
    ...code.matchAll(/load(?:Json|Text|Yaml)Content\(\s*'([^']+)'|loadFileAsBase64\(\s*'([^']+)'/g),
  ].map((m) => m[1] ?? m[2]);
}

export interface Param {
  name: string;
  hasDefault: boolean;
}

export function declaredParams(code: string): Param[] {
  return [...code.matchAll(/^param\s+(\w+)\s+[\w.]+(\s*=)?/gm)].map((m) => ({
    name: m[1],
    hasDefault: m[2] !== undefined,
  }));
}

/** `Type@apiVersion` of every resource declaration. */
export function resourceTypes(code: string): string[] {
  return [...code.matchAll(/^\s*resource\s+\w+\s+'([^']+)'/gm)].map((m) => m[1]);
}

/**
 * The top-level `key: value` entries of the object literal that follows `header` (for example
 * `var appSettings =`). Values are the raw Bicep expression text of one line.
 */
export function objectEntries(code: string, header: string): Map<string, string> {
  const start = code.indexOf(header);
  if (start < 0) throw new Error(`no "${header}" in the file`);
  const open = code.indexOf('{', start + header.length);
  let depth = 0;
  let end = open;
  for (; end < code.length; end++) {
    if (code[end] === '{') depth++;
    else if (code[end] === '}' && --depth === 0) break;
  }
  const entries = new Map<string, string>();
  let nested = 0;
  for (const text of code.slice(open + 1, end).split('\n')) {
    const m = /^\s*([A-Za-z_]\w*|'[^']+')\s*:\s*(.+?)\s*$/.exec(text);
    if (m && nested === 0) entries.set(m[1].replace(/'/g, ''), m[2]);
    nested += (text.match(/[{[]/g) ?? []).length - (text.match(/[}\]]/g) ?? []).length;
  }
  return entries;
}

/** A Bicep string literal without interpolation ('cosmos'), or undefined for any other expression. */
export function literalString(expression: string): string | undefined {
  const m = /^'((?:[^'\\$]|\\.|\$(?!\{))*)'$/.exec(expression.trim());
  return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}
