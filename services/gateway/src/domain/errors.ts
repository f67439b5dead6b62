/** The gateway's own error codes (a problem's `code`), beside the kit's. Each is stable. */
export const GatewayErrors = {
  /** The client sent more requests than its limit in the window; retry after `Retry-After` seconds. */
  RATE_LIMITED: "gateway.rate_limited",
  /** The service behind this path does not answer (not listening, connection refused or reset). */
  UPSTREAM_UNAVAILABLE: "gateway.upstream_unavailable",
  /** The service behind this path did not answer in time. */
  UPSTREAM_TIMEOUT: "gateway.upstream_timeout",
  /** The service behind this path answered with something that is not HTTP the gateway can relay. */
  BAD_GATEWAY: "gateway.bad_gateway",
} as const;
