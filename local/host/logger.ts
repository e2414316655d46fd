import type { RpcLogCategory, RpcLogLevel } from './core-types';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };
const fromRpc: Record<RpcLogLevel, LogLevel> = {
  trace: 'debug',
  debug: 'debug',
  information: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'error',
  none: 'silent',
};

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Logs written by a function through its InvocationContext. */
  fromFunction(fn: string, level: RpcLogLevel, category: RpcLogCategory, message: string): void;
  /** Logs the programming model writes outside any invocation. */
  fromFunctions(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
}

/** Plain lines on stderr (stdout stays for the banner), filtered by level. */
export function createLogger(threshold: LogLevel): Logger {
  const write = (level: LogLevel, text: string) => {
    if (order[level] < order[threshold] || level === 'silent') return;
    process.stderr.write(`[${new Date().toISOString()}] ${level.padEnd(5)} ${text}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    fromFunction: (fn, level, category, message) =>
      write(fromRpc[level], `${category === 'system' ? 'host' : 'fn'} ${fn}: ${message}`),
    fromFunctions: (level, _category, message) => write(fromRpc[level], `host: ${message}`),
  };
}
