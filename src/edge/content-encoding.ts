/**
 * Makes sure HTMLRewriter sees decoded HTML. The Workers runtime normally
 * decodes a gzip/deflate origin body itself, but not on every path (service
 * bindings, some local setups), and a page rewritten while still compressed
 * would silently go out unpersonalized. So peek at the first chunk: if it
 * still carries a gzip or zlib header, decode it here and drop the
 * Content-Encoding header (the edge compresses for the client again).
 * Refuses nothing: unknown encodings and plain bodies pass through as they are.
 */

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const isZlib = (b: Uint8Array) =>
  b.length >= 2 && b[0] === 0x78 && ((b[0]! << 8) | b[1]!) % 31 === 0;

export async function decodedHtmlResponse(response: Response): Promise<Response> {
  const encoding = response.headers.get("content-encoding")?.trim().toLowerCase();
  if (!response.body || (encoding !== "gzip" && encoding !== "deflate")) return response;
  const reader = response.body.getReader();
  const first = await reader.read();
  const head = first.done ? new Uint8Array() : first.value;
  const replay = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length > 0) controller.enqueue(head);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const format = isGzip(head) ? "gzip" : isZlib(head) ? "deflate" : undefined;
  const body = format ? replay.pipeThrough(new DecompressionStream(format)) : replay;
  const out = new Response(body, response);
  if (format) out.headers.delete("content-encoding");
  return out;
}
