import { describe, expect, it } from "vitest";
import { readNdjson } from "./ndjson";

function streamOf(chunks: string[]): ReadableStream<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk) as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
}

describe("readNdjson", () => {
  it("parses lines split across chunks, skips blank ones and reads a last line without a newline", async () => {
    const lines: unknown[] = [];
    await readNdjson(
      streamOf(['{"type":"con', 'tent","text":"Hi"}\n\n{"type":"done"', '}\n{"n":3}']),
      (line) => lines.push(line),
    );
    expect(lines).toEqual([{ type: "content", text: "Hi" }, { type: "done" }, { n: 3 }]);
  });

  it("keeps multi-byte characters split between chunks whole", async () => {
    const bytes = new TextEncoder().encode('{"text":"é"}\n');
    const lines: unknown[] = [];
    const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10) as Uint8Array<ArrayBuffer>);
        controller.enqueue(bytes.slice(10) as Uint8Array<ArrayBuffer>);
        controller.close();
      },
    });
    await readNdjson(stream, (line) => lines.push(line));
    expect(lines).toEqual([{ text: "é" }]);
  });
});
