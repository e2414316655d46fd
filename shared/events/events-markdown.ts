import type { Catalog } from './catalog';
import { deriveTopology } from './topology';

/** docs/events.md: the catalog and the subscriptions it implies, as tables people can read. */
export function renderEventsMarkdown(catalog: Catalog): string {
  const rows = Object.entries(catalog)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(
      ([type, d]) =>
        `| \`${type}\` | ${d.publisher} | ${d.topic} | ${d.consumers.join(', ') || '—'} | ${cell(d.description)} |`,
    );
  const subscriptions = deriveTopology(catalog).topics.flatMap((topic) =>
    topic.subscriptions.map(
      (s) => `| ${topic.name} | ${s.name} | ${(s.rules ?? []).map((r) => `\`${r.name}\``).join('<br>')} |`,
    ),
  );
  return [
    '# Events',
    '',
    '<!-- Generated from shared/events/catalog.ts by `npm run gen:events`. Do not edit by hand. -->',
    '',
    'Every event is a CloudEvents 1.0 JSON envelope (`id`, `source` = `bakery/<service>`, `type`, `time`,',
    '`subject`, `data`, `correlationid`, `traceparent`). On Service Bus: body = envelope, `messageId` = `id`,',
    '`subject` = `type`, `correlationId` = `correlationid`. Payload schemas: [asyncapi.json](asyncapi.json).',
    '',
    '| type | publisher | topic | consumers | description |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Service Bus subscriptions',
    '',
    'One subscription per consuming service on each topic it reads; one correlation filter (on the message',
    'subject) per event type. Duplicate detection is on; a message is dead-lettered after 10 failed deliveries.',
    '',
    '| topic | subscription | event types |',
    '|---|---|---|',
    ...subscriptions,
    '',
  ].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
