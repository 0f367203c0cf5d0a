import { ApiError } from "./api";

/**
 * Reads a stream of newline-delimited JSON and calls `onLine` with each parsed line as it
 * arrives. A line split across chunks is held until its newline; blank lines are skipped; a last
 * line without a trailing newline still counts.
 */
export async function readNdjson<T>(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
  onLine: (line: T) => void,
) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) onLine(JSON.parse(line) as T);
      newline = buffer.indexOf("\n");
    }
    if (done) break;
  }
  if (buffer.trim()) onLine(JSON.parse(buffer) as T);
}

/**
 * POSTs JSON to a Cairn endpoint that answers `application/x-ndjson` and streams its lines to
 * `onLine`. Failures before the stream starts throw `ApiError` like the rest of the API client
 * (the error envelope is read when there is one); aborting through `signal` throws AbortError.
 * `onStart` sees the response's headers once the stream is accepted, before its first line.
 */
export async function postNdjson<T>(
  path: string,
  body: unknown,
  onLine: (line: T) => void,
  signal?: AbortSignal,
  onStart?: (headers: Headers) => void,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path.startsWith("/api/") ? path : `/api/v1${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/x-ndjson, application/json",
        "x-requested-with": "cairn-web",
      },
      body: JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError({
      status: 0,
      code: "NETWORK_ERROR",
      message: "Cairn could not be reached. Check your connection and try again.",
    });
  }
  if (!response.ok || !response.body) {
    const payload = (await response.json().catch(() => null)) as {
      error?: string;
      message?: string;
      details?: unknown;
      correlation_id?: string;
    } | null;
    throw new ApiError({
      status: response.status,
      code: payload?.error ?? "HTTP_ERROR",
      message: payload?.message ?? `The server answered ${response.status}`,
      details: payload?.details,
      correlationId: payload?.correlation_id ?? response.headers.get("x-correlation-id"),
    });
  }
  onStart?.(response.headers);
  await readNdjson(response.body, onLine);
}
