/**
 * Azure Functions route templates (ASP.NET Core syntax, the subset Functions apps use):
 * literals (case-insensitive), `{name}`, optional `{name?}`, constraints `{name:int}` `{name:guid}`
 * `{name:alpha}` `{name:bool}` `{name:long}`, and a final catch-all `{*name}`.
 */
type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; optional: boolean; constraint?: Constraint }
  | { kind: 'catch-all'; name: string };

type Constraint = 'int' | 'long' | 'guid' | 'alpha' | 'bool';
const constraintTests: Record<Constraint, RegExp> = {
  int: /^-?\d{1,10}$/,
  long: /^-?\d{1,19}$/,
  guid: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  alpha: /^[a-z]+$/i,
  bool: /^(true|false)$/i,
};

export class RouteTemplate {
  private readonly segments: Segment[];
  /** Lower sorts first: literals beat constrained parameters beat parameters beat catch-alls. */
  readonly rank: number[];

  constructor(readonly template: string) {
    const parts = template
      .replace(/^\/+|\/+$/g, '')
      .split('/')
      .filter((p) => p !== '');
    this.segments = parts.map((part, index) => parseSegment(part, index === parts.length - 1, template));
    this.rank = this.segments.map((s) =>
      s.kind === 'literal' ? 0 : s.kind === 'catch-all' ? 4 : s.optional ? 3 : s.constraint ? 1 : 2,
    );
  }

  /** Returns the parameters when `path` (no leading slash, already URL-decoded per segment) matches. */
  match(pathSegments: string[]): Record<string, string> | undefined {
    const params: Record<string, string> = {};
    for (let i = 0; i < this.segments.length; i++) {
      const segment = this.segments[i];
      const value = pathSegments[i];
      if (segment.kind === 'catch-all') {
        params[segment.name] = pathSegments.slice(i).join('/');
        return params;
      }
      if (value === undefined) {
        if (segment.kind === 'param' && segment.optional) continue;
        return undefined;
      }
      if (segment.kind === 'literal') {
        if (segment.text.toLowerCase() !== value.toLowerCase()) return undefined;
      } else {
        if (segment.constraint && !constraintTests[segment.constraint].test(value)) return undefined;
        params[segment.name] = value;
      }
    }
    return pathSegments.length <= this.segments.length ? params : undefined;
  }
}

function parseSegment(part: string, isLast: boolean, template: string): Segment {
  const m = /^\{(\*)?([A-Za-z_][\w]*)(?::([a-z]+))?(\?)?\}$/.exec(part);
  if (!m) {
    if (part.includes('{') || part.includes('}'))
      throw new Error(`route "${template}": unsupported segment "${part}"`);
    return { kind: 'literal', text: part };
  }
  const [, star, name, constraint, optional] = m;
  if (star) {
    if (!isLast) throw new Error(`route "${template}": a catch-all must be the last segment`);
    return { kind: 'catch-all', name };
  }
  if (constraint && !(constraint in constraintTests))
    throw new Error(`route "${template}": unknown constraint "${constraint}"`);
  return {
    kind: 'param',
    name,
    optional: Boolean(optional),
    constraint: constraint as Constraint | undefined,
  };
}

export function compareRoutes(a: RouteTemplate, b: RouteTemplate): number {
  const n = Math.max(a.rank.length, b.rank.length);
  for (let i = 0; i < n; i++) {
    const d = (a.rank[i] ?? -1) - (b.rank[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export function splitPath(path: string): string[] {
  return path
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
}
