import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Local stand-ins for LLM providers that speak their real wire formats, so tests and the
 * bench exercise the AI SDK's own HTTP clients end to end:
 * - `openai`: chat completions, JSON and SSE, usage in the final chunk, tool calls streamed
 *   as incremental argument deltas, errors as `{ error: { message, type } }`.
 * - `anthropic`: the Messages API, JSON and its named-event SSE (message_start,
 *   content_block_start/delta/stop with text_delta and input_json_delta, message_delta, message_stop).
 * - `ollama`: Ollama's OpenAI-compatible endpoint: the same SSE, but each tool call arrives
 *   whole in one chunk, as Ollama sends it.
 * All three serve embeddings at /v1/embeddings in OpenAI's format (Anthropic has none, but
 * the route is harmless).
 */

export type FakeDialect = "openai" | "anthropic" | "ollama";

export type FakeReply =
  | {
      kind: "answer";
      text?: string;
      toolCalls?: { name: string; arguments: Record<string, unknown> }[];
      usage?: { input: number; output: number };
      /** Delay before the first content chunk of a stream (or before a JSON answer). */
      firstTokenDelayMs?: number;
      chunkDelayMs?: number;
      /** Characters per streamed text delta. */
      chunkSize?: number;
    }
  | { kind: "status"; status: number; retryAfter?: string; retryAfterMs?: string; message?: string }
  /** Sends the start of a streamed answer, then drops the connection. */
  | { kind: "die_mid_stream"; text: string };

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  receivedAt: number;
}

export interface FakeProvider {
  dialect: FakeDialect;
  /** Base URL including /v1, as the AI SDK providers take it. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replies for the next requests, in order; after them the default reply. */
  script(...replies: FakeReply[]): void;
  setDefault(reply: FakeReply): void;
  /** Forgets scripted replies and recorded requests; the default goes back to a plain answer. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_TEXT = "Hello from the fake provider.";
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      try {
        resolve(
          chunks.length
            ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>)
            : {},
        );
      } catch (error) {
        reject(error);
      }
    });
    request.on("error", reject);
  });
}

function pieces(text: string, size: number): string[] {
  const result: string[] = [];
  for (let start = 0; start < text.length; start += size) result.push(text.slice(start, start + size));
  return result;
}

function defaultUsage(body: Record<string, unknown>, text: string) {
  return {
    input: Math.ceil(JSON.stringify(body.messages ?? "").length / 4),
    output: Math.max(1, Math.ceil(text.length / 4)),
  };
}

function sendError(
  response: ServerResponse,
  dialect: FakeDialect,
  reply: Extract<FakeReply, { kind: "status" }>,
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (reply.retryAfter !== undefined) headers["retry-after"] = reply.retryAfter;
  if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = reply.retryAfterMs;
  const message = reply.message ?? `fake ${reply.status}`;
  const body =
    dialect === "anthropic"
      ? {
          type: "error",
          error: {
            type:
              reply.status === 429
                ? "rate_limit_error"
                : reply.status === 529
                  ? "overloaded_error"
                  : "api_error",
            message,
          },
        }
      : {
          error: {
            message,
            type: reply.status === 429 ? "rate_limit_exceeded" : "server_error",
            param: null,
            code: null,
          },
        };
  response.writeHead(reply.status, headers).end(JSON.stringify(body));
}

/** Writes SSE while the client is still there; returns false once it has gone. */
function sse(response: ServerResponse) {
  return (data: unknown, event?: string): boolean => {
    if (response.destroyed) return false;
    response.write(
      `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`,
    );
    return true;
  };
}

async function openAiChat(
  dialect: "openai" | "ollama",
  body: Record<string, unknown>,
  reply: Exclude<FakeReply, { kind: "status" }>,
  response: ServerResponse,
  sequence: number,
) {
  const model = String(body.model);
  const id = `chatcmpl-fake-${sequence}`;
  const created = 1_700_000_000 + sequence;
  const text =
    reply.kind === "die_mid_stream" ? reply.text : (reply.text ?? (reply.toolCalls ? "" : DEFAULT_TEXT));
  const toolCalls = reply.kind === "answer" ? (reply.toolCalls ?? []) : [];
  const usage = reply.kind === "answer" && reply.usage ? reply.usage : defaultUsage(body, text);
  const finishReason = toolCalls.length > 0 ? "tool_calls" : "stop";
  const extra = dialect === "ollama" ? { system_fingerprint: "fp_ollama" } : {};
  const firstTokenDelay = reply.kind === "answer" ? (reply.firstTokenDelayMs ?? 0) : 0;
  const chunkDelay = reply.kind === "answer" ? (reply.chunkDelayMs ?? 0) : 0;

  if (body.stream !== true) {
    if (reply.kind === "die_mid_stream") {
      response.socket?.destroy();
      return;
    }
    await wait(firstTokenDelay);
    if (response.destroyed) return;
    response.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id,
        object: "chat.completion",
        created,
        model,
        ...extra,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: text || null,
              ...(toolCalls.length
                ? {
                    tool_calls: toolCalls.map((call, index) => ({
                      id: `call_${sequence}_${index}`,
                      type: "function",
                      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
                    })),
                  }
                : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: {
          prompt_tokens: usage.input,
          completion_tokens: usage.output,
          total_tokens: usage.input + usage.output,
        },
      }),
    );
    return;
  }

  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const send = sse(response);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    ...extra,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  send(chunk({ role: "assistant", content: "" }));
  await wait(firstTokenDelay);
  const size = reply.kind === "answer" ? (reply.chunkSize ?? 5) : 5;
  for (const piece of pieces(text, size)) {
    if (!send(chunk({ content: piece }))) return;
    if (chunkDelay) await wait(chunkDelay);
  }
  if (reply.kind === "die_mid_stream") {
    // Let the client read what was sent, so the failure is truly mid-stream, then drop the connection.
    await wait(50);
    response.socket?.destroy();
    return;
  }
  for (const [index, call] of toolCalls.entries()) {
    const callId = `call_${sequence}_${index}`;
    const args = JSON.stringify(call.arguments);
    if (dialect === "ollama") {
      send(
        chunk({
          tool_calls: [
            { index, id: callId, type: "function", function: { name: call.name, arguments: args } },
          ],
        }),
      );
      continue;
    }
    send(
      chunk({
        tool_calls: [{ index, id: callId, type: "function", function: { name: call.name, arguments: "" } }],
      }),
    );
    for (const piece of pieces(args, 7))
      send(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  }
  send(chunk({}, finishReason));
  const options = body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage) {
    send({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      ...extra,
      choices: [],
      usage: {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
      },
    });
  }
  send("[DONE]");
  response.end();
}

async function anthropicMessages(
  body: Record<string, unknown>,
  reply: Exclude<FakeReply, { kind: "status" }>,
  response: ServerResponse,
  sequence: number,
) {
  const model = String(body.model);
  const id = `msg_fake_${sequence}`;
  const text =
    reply.kind === "die_mid_stream" ? reply.text : (reply.text ?? (reply.toolCalls ? "" : DEFAULT_TEXT));
  const toolCalls = reply.kind === "answer" ? (reply.toolCalls ?? []) : [];
  const usage = reply.kind === "answer" && reply.usage ? reply.usage : defaultUsage(body, text);
  const stopReason = toolCalls.length > 0 ? "tool_use" : "end_turn";
  const firstTokenDelay = reply.kind === "answer" ? (reply.firstTokenDelayMs ?? 0) : 0;
  const chunkDelay = reply.kind === "answer" ? (reply.chunkDelayMs ?? 0) : 0;

  if (body.stream !== true) {
    if (reply.kind === "die_mid_stream") {
      response.socket?.destroy();
      return;
    }
    await wait(firstTokenDelay);
    if (response.destroyed) return;
    response.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id,
        type: "message",
        role: "assistant",
        model,
        content: [
          ...(text ? [{ type: "text", text }] : []),
          ...toolCalls.map((call, index) => ({
            type: "tool_use",
            id: `toolu_${sequence}_${index}`,
            name: call.name,
            input: call.arguments,
          })),
        ],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: usage.output },
      }),
    );
    return;
  }

  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const send = sse(response);
  send(
    {
      type: "message_start",
      message: {
        id,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: 1 },
      },
    },
    "message_start",
  );
  send({ type: "ping" }, "ping");
  await wait(firstTokenDelay);
  let block = 0;
  if (text) {
    send(
      { type: "content_block_start", index: block, content_block: { type: "text", text: "" } },
      "content_block_start",
    );
    const size = reply.kind === "answer" ? (reply.chunkSize ?? 5) : 5;
    for (const piece of pieces(text, size)) {
      if (
        !send(
          { type: "content_block_delta", index: block, delta: { type: "text_delta", text: piece } },
          "content_block_delta",
        )
      ) {
        return;
      }
      if (chunkDelay) await wait(chunkDelay);
    }
    if (reply.kind === "die_mid_stream") {
      await wait(50);
      response.socket?.destroy();
      return;
    }
    send({ type: "content_block_stop", index: block }, "content_block_stop");
    block += 1;
  }
  for (const [index, call] of toolCalls.entries()) {
    send(
      {
        type: "content_block_start",
        index: block,
        content_block: { type: "tool_use", id: `toolu_${sequence}_${index}`, name: call.name, input: {} },
      },
      "content_block_start",
    );
    for (const piece of pieces(JSON.stringify(call.arguments), 7)) {
      send(
        {
          type: "content_block_delta",
          index: block,
          delta: { type: "input_json_delta", partial_json: piece },
        },
        "content_block_delta",
      );
    }
    send({ type: "content_block_stop", index: block }, "content_block_stop");
    block += 1;
  }
  send(
    {
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: usage.output },
    },
    "message_delta",
  );
  send({ type: "message_stop" }, "message_stop");
  response.end();
}

/** A deterministic 8-dimensional vector per input, so tests can compare embeddings. */
function fakeEmbedding(input: string): number[] {
  const digest = createHash("sha256").update(input).digest();
  return Array.from({ length: 8 }, (_, index) => (digest[index]! - 128) / 128);
}

export async function startFakeProvider(dialect: FakeDialect): Promise<FakeProvider> {
  const queue: FakeReply[] = [];
  let fallback: FakeReply = { kind: "answer" };
  const requests: RecordedRequest[] = [];
  let sequence = 0;

  const server = createServer((request, response) => {
    const receivedAt = performance.now();
    readBody(request).then(
      async (body) => {
        const path = request.url ?? "/";
        requests.push({ path, headers: request.headers, body, receivedAt });
        sequence += 1;
        if (path === "/v1/embeddings") {
          const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map(String);
          const tokens = inputs.reduce((sum, input) => sum + Math.ceil(input.length / 4), 0);
          const reply = queue.shift();
          if (reply?.kind === "status") return sendError(response, dialect, reply);
          response.writeHead(200, { "content-type": "application/json" }).end(
            JSON.stringify({
              object: "list",
              data: inputs.map((input, index) => ({
                object: "embedding",
                index,
                embedding: fakeEmbedding(input),
              })),
              model: body.model,
              usage: { prompt_tokens: tokens, total_tokens: tokens },
            }),
          );
          return;
        }
        const expected = dialect === "anthropic" ? "/v1/messages" : "/v1/chat/completions";
        if (path !== expected) {
          response
            .writeHead(404, { "content-type": "application/json" })
            .end(JSON.stringify({ error: { message: "not found" } }));
          return;
        }
        const reply = queue.shift() ?? fallback;
        if (reply.kind === "status") return sendError(response, dialect, reply);
        if (dialect === "anthropic") await anthropicMessages(body, reply, response, sequence);
        else await openAiChat(dialect, body, reply, response, sequence);
      },
      () => response.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    dialect,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (reply) => {
      fallback = reply;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      fallback = { kind: "answer" };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
