/**
 * Whether the server can be reached: a HEAD of the page itself, never from a cache (the service
 * worker routes only GET, so it goes to the network). Any HTTP answer means the network is back.
 */
export async function serverReachable(timeoutMs = 4_000): Promise<boolean> {
  try {
    await fetch(location.pathname, {
      method: "HEAD",
      cache: "no-store",
      signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
}
