import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gatewayUnderTest } from "./support/gateway-under-test.ts";

const dir = mkdtempSync(join(tmpdir(), "gateway-tls-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca: execFileSync("cat", [ca]) }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("HTTPS when a certificate is configured", () => {
  it("serves the API over TLS with the given certificate", async () => {
    const certFile = join(dir, "cert.pem");
    const keyFile = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    const gateway = await gatewayUnderTest({ tls: { certFile, keyFile } });
    try {
      const url = gateway.url.replace("http://", "https://");
      const res = await get(`${url}/api/products/1`, certFile);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ upstream: "catalog-read", url: "/products/1" });
      await expect(gateway.fetch(`/health/live`)).rejects.toThrow();
    } finally {
      await gateway.close();
    }
  });
});
