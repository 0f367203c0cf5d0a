import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface StoredObject {
  body: Buffer;
  contentType: string;
}

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, StoredObject>;
  /** Every request as "METHOD /path", for asserting what the SDK did. */
  requests: string[];
  close(): Promise<void>;
}

const notFound = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A tiny S3 on 127.0.0.1: path-style PutObject, GetObject (signed by header or presigned
 * query) and DeleteObject, enough to exercise the real AWS SDK end to end. It checks that each
 * request is SigV4-signed with the expected access key and that presigned links have not
 * expired, and honours response-content-disposition / response-content-type overrides.
 */
export async function startFakeS3(bucket = "cairn-test"): Promise<FakeS3> {
  const accessKeyId = "FAKEACCESSKEY";
  const secretAccessKey = "fake-secret-access-key";
  const objects = new Map<string, StoredObject>();
  const requests: string[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push(`${request.method} ${url.pathname}`);
    const presigned = url.searchParams.has("X-Amz-Signature");
    const credential = presigned
      ? (url.searchParams.get("X-Amz-Credential") ?? "")
      : (/Credential=([^,]+)/.exec(request.headers.authorization ?? "")?.[1] ?? "");
    if (!credential.startsWith(`${accessKeyId}/`)) {
      response
        .writeHead(403, { "content-type": "application/xml" })
        .end("<Error><Code>AccessDenied</Code></Error>");
      return;
    }
    if (presigned) {
      const signedAt = url.searchParams.get("X-Amz-Date") ?? "";
      const issued = Date.parse(
        signedAt.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
      );
      const expires = Number(url.searchParams.get("X-Amz-Expires"));
      if (!(issued + expires * 1000 > Date.now())) {
        response
          .writeHead(403, { "content-type": "application/xml" })
          .end("<Error><Code>AccessDenied</Code></Error>");
        return;
      }
    }
    const [, pathBucket, ...keyParts] = url.pathname.split("/");
    const key = decodeURIComponent(keyParts.join("/"));
    if (pathBucket !== bucket || !key) {
      response
        .writeHead(404, { "content-type": "application/xml" })
        .end("<Error><Code>NoSuchBucket</Code></Error>");
      return;
    }
    if (request.method === "PUT") {
      objects.set(key, {
        body: await readBody(request),
        contentType: request.headers["content-type"] ?? "application/octet-stream",
      });
      response.writeHead(200, { etag: '"fake"' }).end();
      return;
    }
    if (request.method === "DELETE") {
      objects.delete(key);
      response.writeHead(204).end();
      return;
    }
    if (request.method === "GET") {
      const object = objects.get(key);
      if (!object) {
        response.writeHead(404, { "content-type": "application/xml" }).end(notFound);
        return;
      }
      const headers: Record<string, string> = {
        "content-type": url.searchParams.get("response-content-type") ?? object.contentType,
        "content-length": String(object.body.length),
      };
      const disposition = url.searchParams.get("response-content-disposition");
      if (disposition) headers["content-disposition"] = disposition;
      response.writeHead(200, headers).end(object.body);
      return;
    }
    response.writeHead(405).end();
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    objects,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
