import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  ApiError,
  type Api,
  type DayReport,
  type Menu,
  type ScheduleEntry,
  type Shelf,
  type Takings,
} from '../api';
import { addSample, sampleOf, type FloorSample } from '../floor-series';
import { formatAge, formatTime } from '../format';
import { useInterval, useLiveMode } from '../hooks';
import { POLL_MS, type LiveConnection } from '../live';
import { formatMoney } from '../money';
import type { SessionState } from '../session';
import { ErrorNote, SignInPrompt } from './common';
import { FloorChart } from './floor-chart';

/** Shelves and schedules are not pushed: read again this often even while the socket is open. */
const FLOOR_REFRESH_MS = 5_000;

interface FloorData {
  asOf: string;
  menu: Menu;
  shelves: Shelf[];
  schedule: ScheduleEntry[];
  report: DayReport | undefined;
  takings: Takings | undefined;
}

function seriesKey(day: string): string {
  return `bakery.floor.${day}`;
}

function loadSeries(day: string): FloorSample[] {
  try {
    return JSON.parse(sessionStorage.getItem(seriesKey(day)) ?? '[]') as FloorSample[];
  } catch {
    return [];
  }
}

export function Floor(props: { api: Api; live: LiveConnection; session: SessionState; signInHref: string }) {
  const { api, live, session, signInHref } = props;
  const isStaff = session.user?.roles.includes('staff') ?? false;
  const mode = useLiveMode(live);
  const [data, setData] = useState<FloorData>();
  const [samples, setSamples] = useState<FloorSample[]>([]);
  const [error, setError] = useState<string>();

  const refresh = useCallback(async () => {
    if (!isStaff) return;
    try {
      const menu = await api.menu();
      const day = menu.day ?? menu.asOf.slice(0, 10);
      const optional = <T,>(p: Promise<T>) =>
        p.catch((e: unknown) => {
          // A service not deployed yet (404) leaves its part empty; anything else is an error.
          if (e instanceof ApiError && e.status === 404) return undefined;
          throw e;
        });
      const [shelves, schedule, report, takings] = await Promise.all([
        api.shelves(),
        api.schedule(),
        optional(api.report(day)),
        optional(api.takings(day)),
      ]);
      setData({
        asOf: shelves.asOf,
        menu,
        shelves: shelves.shelves,
        schedule: schedule.items,
        report,
        takings,
      });
      if (report) {
        setSamples((current) => {
          const base = current.length ? current : loadSeries(day);
          const next = addSample(base, sampleOf(shelves.asOf, report, takings));
          sessionStorage.setItem(seriesKey(day), JSON.stringify(next));
          return next;
        });
      }
      setError(undefined);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 403
          ? 'The bakery refused: this account is not staff.'
          : 'The floor could not be refreshed just now; trying again.',
      );
    }
  }, [api, isStaff]);

  useEffect(() => void refresh(), [refresh]);
  useEffect(
    () => live.onMessage((m) => (m.type === 'menu.changed' ? void refresh() : undefined)),
    [live, refresh],
  );
  useInterval(refresh, mode === 'live' ? FLOOR_REFRESH_MS : POLL_MS, isStaff);

  if (session.status !== 'signed-in')
    return (
      <section class="panel panel--page">
        <h1 tabIndex={-1}>Bakery floor</h1>
        {session.status === 'signed-out' && <SignInPrompt href={signInHref} what="with a staff account." />}
      </section>
    );
  if (!isStaff)
    return (
      <section class="panel panel--page">
        <h1 tabIndex={-1}>Bakery floor</h1>
        <p>This page is for the bakery’s staff.</p>
      </section>
    );

  const currency = data?.menu.items[0]?.price.currency ?? 'AUD';
  return (
    <div class="floor">
      <div class="floor__head">
        <h1 tabIndex={-1}>Bakery floor</h1>
        <p class="muted" data-testid="floor-as-of">
          {data ? `As of ${formatTime(data.asOf)}` : '\u00a0'}
        </p>
      </div>
      <ErrorNote message={error} />
      <section class="panel floor__day" aria-labelledby="day-heading">
        <h2 id="day-heading">Today</h2>
        <dl class="facts">
          <div>
            <dt>Open</dt>
            <dd>{data ? (data.menu.open ? 'Yes' : 'No') : '—'}</dd>
          </div>
          <div>
            <dt>Closes at</dt>
            <dd data-testid="closes-at">{formatTime(data?.menu.closesAt)}</dd>
          </div>
          <div>
            <dt>Discount window</dt>
            <dd>
              {data?.menu.discountWindow
                ? `${formatTime(data.menu.discountWindow.startsAt)}–${formatTime(data.menu.discountWindow.endsAt)}`
                : '—'}
            </dd>
          </div>
          <div>
            <dt>Net takings</dt>
            <dd data-testid="takings">{data?.takings ? formatMoney(data.takings.net) : '—'}</dd>
          </div>
        </dl>
      </section>

      <section class="panel" aria-labelledby="chart-heading">
        <h2 id="chart-heading">The day so far</h2>
        <FloorChart samples={samples} currency={currency} />
        <p class="fine-print">Sampled on the bakery clock while this page is open.</p>
      </section>

      <section class="panel" aria-labelledby="shelves-heading">
        <h2 id="shelves-heading">Shelves</h2>
        <div class="shelves">
          {(data?.shelves ?? []).map((shelf) => {
            const next = data?.schedule.find((s) => s.productId === shelf.productId);
            return (
              <article
                class="shelf"
                key={shelf.productId}
                aria-labelledby={`shelf-${shelf.productId}`}
                data-testid="shelf"
              >
                <header class="shelf__head">
                  <h3 id={`shelf-${shelf.productId}`}>{shelf.name}</h3>
                  <p class="muted">
                    {shelf.available} available · {shelf.reserved} reserved
                  </p>
                  <p class="shelf__next">
                    Next bake: {next ? formatTime(next.nextBakeAt) : '—'}
                    {next ? ` (${next.batchSize})` : ''}
                  </p>
                </header>
                {shelf.items.length === 0 ? (
                  <p class="muted">Empty shelf.</p>
                ) : (
                  <ul class="shelf__items">
                    {shelf.items.map((item) => (
                      <li
                        key={item.id}
                        class={`chip${item.reserved ? ' chip--reserved' : ''}${!item.sellable && !item.reserved ? ' chip--stale' : ''}`}
                        title={`Baked ${formatTime(item.bakedAt)}, expires ${formatTime(item.expiresAt)}`}
                      >
                        {formatAge(item.bakedAt, data!.asOf)}
                        {item.reserved ? <span class="chip__tag"> reserved</span> : null}
                        {!item.sellable && !item.reserved ? <span class="chip__tag"> stale</span> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </article>
            );
          })}
        </div>
      </section>
    </div>
  );
}
