// Reads a transcript's complete lines between two offsets, in chunks. A line over the cap (a pasted
// video, a runaway tool result) is skipped by discarding its bytes as they stream past: its pieces
// are never joined, so neither memory nor a string's length limit is at stake, and the read goes on
// after its newline. When the bytes end inside such a line, the offset moves past what was
// discarded and the next read goes on discarding, so a long line is read from disk once.
import fs from 'node:fs';
import { transcriptLine, type TranscriptLine } from '../normalize/transcript-line.js';

export interface LineReadOptions {
  fromBytes: number;
  toBytes: number;
  fallbackSessionId: string | null;
  maxLineBytes: number;
  /** `fromBytes` is inside a line over the cap (where the last read stopped): discard up to its newline. */
  isInLongLine: boolean;
  /** The open, replaceable so a test can make a read fail the way a disk or a mount can. */
  openFile?: (file: string) => Promise<fs.promises.FileHandle>;
}

export interface FileRead {
  lines: TranscriptLine[];
  /** Where the next read starts: after the last complete line, or after the discarded bytes of a long one. */
  offsetBytes: number;
  bytesRead: number;
  badLines: number;
  /** Lines over the cap, skipped (counted when the cap is crossed, once per line). */
  skippedLines: number;
  isInLongLine: boolean;
}

const chunkBytes = 1 << 20;

// Non-blocking: a FIFO put where a transcript was listed must not hang the scan (its read fails instead).
const openForReading = (file: string) => fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);

/** Lines worth parsing: assistant messages (requestId) and, until one is seen, a line with the cwd. */
function worthParsing(text: string, hasCwd: boolean): boolean {
  return text.includes('"requestId"') || (!hasCwd && text.includes('"cwd"'));
}

export async function readNewLines(file: string, options: LineReadOptions): Promise<FileRead> {
  const { fromBytes, toBytes, maxLineBytes } = options;
  const handle = await (options.openFile ?? openForReading)(file);
  const lines: TranscriptLine[] = [];
  let badLines = 0;
  let skippedLines = 0;
  let hasCwd = fromBytes > 0;
  let isDiscarding = fromBytes > 0 && options.isInLongLine;
  let position = fromBytes;
  let consumed = fromBytes;
  // The start of a line longer than a chunk, joined once when its end arrives rather than on every chunk.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (text: string) => {
    if (text.trim() === '' || !worthParsing(text, hasCwd)) return;
    const line = transcriptLine(text, options.fallbackSessionId);
    if (line === null) {
      badLines += 1;
      return;
    }
    hasCwd ||= line.cwd !== null;
    lines.push(line);
  };
  const skip = () => {
    skippedLines += 1;
    pending = [];
    pendingBytes = 0;
  };
  try {
    while (position < toBytes) {
      const chunkStart = position;
      const chunk = Buffer.alloc(Math.min(chunkBytes, toBytes - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
        const tail = data.subarray(start, nl);
        start = nl + 1;
        consumed = chunkStart + start;
        if (isDiscarding) {
          isDiscarding = false;
        } else if (pendingBytes + tail.length > maxLineBytes) {
          skip();
        } else {
          const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail], pendingBytes + tail.length);
          pending = [];
          pendingBytes = 0;
          take(bytes.toString('utf8'));
        }
      }
      const rest = data.subarray(start);
      if (rest.length === 0) continue;
      if (!isDiscarding && pendingBytes + rest.length > maxLineBytes) {
        skip();
        isDiscarding = true;
      }
      if (isDiscarding) {
        consumed = position;
      } else {
        pending.push(rest);
        pendingBytes += rest.length;
      }
    }
  } finally {
    await handle.close();
  }
  return { lines, offsetBytes: consumed, bytesRead: consumed - fromBytes, badLines, skippedLines, isInLongLine: isDiscarding };
}
