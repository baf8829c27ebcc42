// A progress bar on stderr (cli-progress) when it is a terminal; silent otherwise, so logs and pipes stay clean.
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** Advances by `n` (default 1). */
  tick(n?: number): void;
  /** Finishes the bar (idempotent). */
  stop(): void;
}

const SILENT: Progress = { tick: () => undefined, stop: () => undefined };

/**
 * A bar labelled `label` counting to `total`. `stream` is for tests; it defaults to process.stderr and the bar
 * only draws when that stream is a TTY.
 */
export function progress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  const bar = new SingleBar({
    stream,
    format: `${label} [{bar}] {value}/{total} | {duration_formatted} elapsed, ETA {eta_formatted}`,
    barsize: 30,
    hideCursor: false,
    clearOnComplete: false,
    etaBuffer: 20,
  });
  bar.start(Math.max(0, total), 0);
  let stopped = false;
  return {
    tick: (n = 1) => {
      if (!stopped) bar.increment(n);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
