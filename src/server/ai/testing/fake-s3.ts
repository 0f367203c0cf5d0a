import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A minimal S3-compatible server (path-style, as MinIO is addressed) for the transcript
 * store's tests: PutObject, GetObject, ListObjectsV2 with prefixes, delimiters and paging,
 * and DeleteObjects. It speaks the XML the AWS SDK parses; it does not check signatures.
 */
export interface FakeS3 {
  endpoint: string;
  objects: Map<string, string>;
  close(): Promise<void>;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** The SDK may frame uploads as aws-chunked (`<hex size>;...\r\n<data>\r\n ... 0\r\n<trailers>`). */
function decodeAwsChunked(body: string): string {
  let rest = body;
  let data = "";
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    const size = Number.parseInt(rest.slice(0, lineEnd).split(";")[0] ?? "0", 16);
    if (!size) return data;
    data += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

export async function startFakeS3(bucket: string, options: { pageSize?: number } = {}): Promise<FakeS3> {
  const objects = new Map<string, string>();
  const pageSize = options.pageSize ?? 1000;

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://s3.local");
      const [, bucketName, ...keyParts] = url.pathname.split("/");
      const key = decodeURIComponent(keyParts.join("/"));
      if (bucketName !== bucket) {
        response
          .writeHead(404, { "content-type": "application/xml" })
          .end("<Error><Code>NoSuchBucket</Code></Error>");
        return;
      }
      const body = await readBody(request);
      if (request.method === "PUT" && key) {
        const encoding = request.headers["content-encoding"] ?? "";
        const chunked =
          encoding.includes("aws-chunked") || request.headers["x-amz-decoded-content-length"] !== undefined;
        objects.set(key, chunked ? decodeAwsChunked(body) : body);
        response.writeHead(200, { etag: '"fake"' }).end();
        return;
      }
      if (request.method === "GET" && key) {
        const object = objects.get(key);
        if (object === undefined) {
          response
            .writeHead(404, { "content-type": "application/xml" })
            .end("<Error><Code>NoSuchKey</Code></Error>");
          return;
        }
        response.writeHead(200, { "content-type": "application/json" }).end(object);
        return;
      }
      if (request.method === "GET" && url.searchParams.get("list-type") === "2") {
        const prefix = url.searchParams.get("prefix") ?? "";
        const delimiter = url.searchParams.get("delimiter");
        const after = url.searchParams.get("continuation-token") ?? "";
        const matching = [...objects.keys()].filter((name) => name.startsWith(prefix)).sort();
        const entries: { kind: "key" | "prefix"; value: string }[] = [];
        for (const name of matching) {
          const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
          const entry =
            cut >= 0
              ? { kind: "prefix" as const, value: name.slice(0, cut + 1) }
              : { kind: "key" as const, value: name };
          if (!entries.some((seen) => seen.kind === entry.kind && seen.value === entry.value))
            entries.push(entry);
        }
        const remaining = entries.filter((entry) => entry.value > after);
        const page = remaining.slice(0, pageSize);
        const truncated = remaining.length > page.length;
        const xml = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
          `<Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>`,
          `<MaxKeys>${pageSize}</MaxKeys><IsTruncated>${truncated}</IsTruncated>`,
          truncated ? `<NextContinuationToken>${escapeXml(page.at(-1)!.value)}</NextContinuationToken>` : "",
          ...page.map((entry) =>
            entry.kind === "key"
              ? `<Contents><Key>${escapeXml(entry.value)}</Key><Size>${objects.get(entry.value)?.length ?? 0}</Size></Contents>`
              : `<CommonPrefixes><Prefix>${escapeXml(entry.value)}</Prefix></CommonPrefixes>`,
          ),
          "</ListBucketResult>",
        ].join("");
        response.writeHead(200, { "content-type": "application/xml" }).end(xml);
        return;
      }
      if (request.method === "POST" && url.searchParams.has("delete")) {
        const keys = [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) =>
          match[1]!
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, "&"),
        );
        for (const name of keys) objects.delete(name);
        response
          .writeHead(200, { "content-type": "application/xml" })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>',
          );
        return;
      }
      response
        .writeHead(400, { "content-type": "application/xml" })
        .end("<Error><Code>NotImplemented</Code></Error>");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
