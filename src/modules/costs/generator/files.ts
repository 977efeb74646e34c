import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip, type ZlibOptions } from 'node:zlib';

/**
 * A text file written in ~1 MB chunks that waits for the disk (or gzip) when it falls behind, so
 * memory stays flat however many lines go through. `write` returns a promise only when it had to wait.
 */
export class ChunkedTextFile {
  private parts: string[] = [];
  private size = 0;
  private readonly sink: Gzip | WriteStream;
  private readonly finished: Promise<void>;
  private failure: unknown = null;

  constructor(
    readonly path: string,
    gzip: boolean,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    const file = createWriteStream(path);
    if (gzip) {
      // Gzip's header carries no timestamp from Node, so the same text gives the same bytes. A deep
      // buffer lets the next chunk be built while zlib (on the thread pool) compresses this one;
      // level 1 keeps compression from being the bottleneck of a 5-million-line month.
      const z = createGzip({ level: 1, highWaterMark: 8 << 20 } as ZlibOptions);
      this.sink = z;
      this.finished = pipeline(z, file);
    } else {
      this.sink = file;
      this.finished = once(file, 'finish').then(() => undefined);
    }
    this.finished.catch((error: unknown) => {
      this.failure = error;
    });
  }

  write(text: string): Promise<void> | null {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= 1 << 20 ? this.flush() : null;
  }

  private async flush() {
    if (this.failure) throw this.failure;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.sink.write(chunk)) await once(this.sink, 'drain');
  }

  async close() {
    if (this.size > 0) await this.flush();
    this.sink.end();
    await this.finished;
  }
}
