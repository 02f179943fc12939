/**
 * The Streamable HTTP transport requires servers to validate `Origin`: a web page on another site
 * could otherwise drive a browser into calling a Skillport it can reach (DNS rebinding). Clients
 * that are not browsers send no Origin and pass; a browser may call from the server's own origin
 * or from one listed in SKILLPORT_MCP_ALLOWED_ORIGINS.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
