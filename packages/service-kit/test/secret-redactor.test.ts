import { describe, expect, it } from "vitest";
import { configuredSecrets, SecretRedactor, secretsOfSetting } from "../src/index.ts";

describe("configured secrets", () => {
  it("takes a URL's password, a connection string's keys and whole secret-named values", () => {
    expect(secretsOfSetting("DATABASE_URL", "postgres://app:p%40ss-word1@db:5432/app")).toEqual([
      "p%40ss-word1",
      "p@ss-word1",
    ]);
    expect(secretsOfSetting("DATABASE_URL", "postgres://app@db:5432/app")).toEqual([]);
    const sas =
      "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=abc123XYZ=";
    expect(secretsOfSetting("SERVICEBUS_CONNECTION_STRING", sas)).toEqual(
      expect.arrayContaining([sas, "abc123XYZ="]),
    );
    expect(secretsOfSetting("LOG_LEVEL", "info")).toEqual([]);
    expect(configuredSecrets({ API_TOKEN: "t0ken-value", HOST: "127.0.0.1" })).toEqual(["t0ken-value"]);
  });

  it("blanks each secret as written, JSON-escaped and URL-encoded, and tokens added later", () => {
    const redactor = new SecretRedactor(['pa"ss/word']);
    redactor.add("eyJ-a-token");
    const text = `a pa"ss/word b ${JSON.stringify('pa"ss/word')} c ${encodeURIComponent('pa"ss/word')} d eyJ-a-token`;
    expect(redactor.redact(text)).toBe('a [redacted] b "[redacted]" c [redacted] d [redacted]');
  });
});
