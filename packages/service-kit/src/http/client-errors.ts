import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { KitErrors } from "../errors/kit-errors.ts";
import { problem } from "./problems.ts";

const ANSWERS: Record<string, { status: number; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: KitErrors.HEADERS_TOO_LARGE,
    detail: "the request line and headers are larger than the server accepts",
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: KitErrors.REQUEST_TIMEOUT,
    detail: "the request was not received in time",
  },
};

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (headers too large, a request too
 * slow, bytes that are not HTTP) answer problem+json too, as Fastify's default handler does in
 * JSON: same statuses, the project's codes.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const answer = ANSWERS[error.code ?? ""] ?? {
    status: 400,
    code: KitErrors.BAD_REQUEST,
    detail: "the request is not valid HTTP",
  };
  this.log.debug({ err: error }, "client error");
  if (socket.writable) {
    const body = JSON.stringify(problem(answer.status, answer.code, answer.detail));
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "Content-Type: application/problem+json\r\nConnection: close\r\n\r\n" +
        body,
    );
  }
  socket.destroy(error);
}
