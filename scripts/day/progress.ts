/**
 * A progress bar on a stream (stderr): redrawn in place on a terminal (at most every 100 ms), or
 * plain lines at every tenth of the way when the stream is a file or a pipe (CI logs, tests).
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** `fraction` of the way (0..1); `label` says where (e.g. the bakery time and counts). */
  update(fraction: number, label: string): void;
  /** Ends the bar with a last label (a newline on a terminal). */
  done(label: string): void;
}

const REDRAW_MS = 100;

export function bar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}

export function progress(stream: ProgressStream, title: string, now: () => number = Date.now): Progress {
  let lastDraw = -Infinity;
  let lastTenth = -1;
  const line = (fraction: number, label: string) => `${title} ${bar(fraction, 30)} ${label}`;
  if (stream.isTTY) {
    const draw = (text: string) => {
      const width = stream.columns ?? 100;
      stream.write(`\r${text.slice(0, width - 1).padEnd(width - 1)}`);
    };
    return {
      update(fraction, label) {
        if (now() - lastDraw < REDRAW_MS) return;
        lastDraw = now();
        draw(line(fraction, label));
      },
      done(label) {
        draw(line(1, label));
        stream.write('\n');
      },
    };
  }
  return {
    update(fraction, label) {
      const tenth = Math.floor(Math.min(1, Math.max(0, fraction)) * 10);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      stream.write(`${line(fraction, label)}\n`);
    },
    done(label) {
      stream.write(`${line(1, label)}\n`);
    },
  };
}
