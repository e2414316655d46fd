import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveConnection, LiveMode } from './live';

export function useLiveMode(live: LiveConnection): LiveMode {
  const [mode, setMode] = useState(live.mode);
  useEffect(() => live.onMode(setMode), [live]);
  return mode;
}

/**
 * Runs `task` every `intervalMs` while `enabled` (one run at a time; a slow answer is not stacked
 * on). Stops when the tab is hidden and catches up when it is shown again.
 */
export function useInterval(task: () => Promise<unknown>, intervalMs: number, enabled: boolean): void {
  const latest = useRef(task);
  latest.current = task;
  useEffect(() => {
    if (!enabled) return;
    let running = false;
    const tick = () => {
      if (running || document.visibilityState === 'hidden') return;
      running = true;
      latest.current().then(
        () => (running = false),
        () => (running = false),
      );
    };
    const id = setInterval(tick, intervalMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [intervalMs, enabled]);
}
