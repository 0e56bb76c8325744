/**
 * @module io/lines
 * Streaming JSON Lines reader. Reads a byte stream and yields its lines one at a time, so a 1 GB
 * input never sits in memory; a line longer than `maxBytes` is not buffered: its bytes are skipped
 * up to the next newline and it is yielded as an `oversized` record with its length.
 */
import type { Readable } from "node:stream";

export type LineRecord =
  | { lineNo: number; text: string; oversized?: undefined }
  | { lineNo: number; text?: undefined; oversized: number };

export async function* readLines(input: Readable, maxBytes: number): AsyncGenerator<LineRecord> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let lineNo = 0;
  const emit = (): LineRecord => {
    lineNo++;
    if (skipping) {
      const rec: LineRecord = { lineNo, oversized: size };
      skipping = false;
      parts = [];
      size = 0;
      return rec;
    }
    const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    let text = buf.toString("utf8");
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    return { lineNo, text };
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let from = 0;
    while (from < buf.length) {
      const nl = buf.indexOf(0x0a, from);
      const end = nl === -1 ? buf.length : nl;
      const piece = buf.subarray(from, end);
      if (skipping) size += piece.length;
      else if (size + piece.length > maxBytes) {
        skipping = true;
        size += piece.length;
        parts = [];
      } else {
        if (piece.length) parts.push(Buffer.from(piece));
        size += piece.length;
      }
      if (nl === -1) break;
      yield emit();
      from = nl + 1;
    }
  }
  if (size > 0 || skipping) yield emit();
}
