/**
 * @module ingest/progress
 * Progress of a long ingest on stderr: documents seen, rate, stored, unchanged, failed. On a
 * terminal one line is rewritten in place; otherwise (logs, CI) a line is written every few
 * seconds, so a run of hours leaves a readable trail without flooding it.
 */
import type { Writable } from "node:stream";

export interface Counts {
  seen: number;
  stored: number;
  unchanged: number;
  failed: number;
  events: number;
}

export class Progress {
  readonly counts: Counts = { seen: 0, stored: 0, unchanged: 0, failed: 0, events: 0 };
  private readonly started = Date.now();
  private lastPrint = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly out: Writable | null,
    private readonly label = "rasd ingest",
    private readonly everyMs = 5000,
  ) {
    this.tty = Boolean((out as { isTTY?: boolean } | null)?.isTTY);
  }

  line(): string {
    const c = this.counts;
    const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
    return `${this.label}: ${c.seen} documents in ${secs.toFixed(1)} s (${(c.seen / secs).toFixed(1)}/s): ${c.stored} stored, ${c.unchanged} already stored, ${c.failed} failed, ${c.events} events`;
  }

  add(kind: "stored" | "unchanged" | "failed", events = 0): void {
    this.counts.seen++;
    this.counts[kind]++;
    this.counts.events += events;
    const now = Date.now();
    if (!this.out) return;
    if (now - this.lastPrint >= (this.tty ? 250 : this.everyMs)) {
      this.lastPrint = now;
      this.out.write(this.tty ? `\r${this.line()}\x1b[K` : `${this.line()}\n`);
    }
  }

  /** A message that must not be overwritten by the progress line. */
  note(message: string): void {
    if (!this.out) return;
    this.out.write(this.tty ? `\r\x1b[K${message}\n` : `${message}\n`);
  }

  done(): void {
    if (!this.out) return;
    this.out.write(this.tty ? `\r${this.line()}\x1b[K\n` : `${this.line()}\n`);
  }
}
