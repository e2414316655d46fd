import { buildAsyncApi } from './asyncapi';
import type { Catalog } from './catalog';
import { renderEventsMarkdown } from './events-markdown';
import { deriveTopology } from './topology';

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  content: string;
}

/** Everything `npm run gen:events` writes; the drift test compares the committed files with this. */
export function generateEventFiles(catalog: Catalog): GeneratedFile[] {
  return [
    { path: 'docs/asyncapi.json', content: toJson(buildAsyncApi(catalog)) },
    { path: 'docs/events.md', content: renderEventsMarkdown(catalog) },
    { path: 'infra/generated/servicebus-topology.json', content: toJson(deriveTopology(catalog)) },
  ];
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
