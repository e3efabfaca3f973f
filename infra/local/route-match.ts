/** Matches a request path to a route path with `{name}` parameters, as API Gateway does. */

export interface RouteMatcher<T> {
  match(method: string, pathname: string): { entry: T; pathParameters: Record<string, string> } | undefined;
}

/** Builds a matcher over routes keyed by method and path template ("/api/rooms/{room}/calls"). */
export function makeRouteMatcher<T>(
  entries: ReadonlyArray<{ method: string; path: string; entry: T }>,
): RouteMatcher<T> {
  const exact = new Map<string, T>();
  const templated: Array<{ method: string; pattern: RegExp; names: string[]; entry: T }> = [];
  for (const { method, path, entry } of entries) {
    if (!path.includes("{")) {
      exact.set(`${method} ${path}`, entry);
      continue;
    }
    const names: string[] = [];
    const source = path
      .split("/")
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (param?.[1] === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(param[1]);
        return "([^/]+)";
      })
      .join("/");
    templated.push({ method, pattern: new RegExp(`^${source}$`), names, entry });
  }
  return {
    match(method, pathname) {
      const plain = exact.get(`${method} ${pathname}`);
      if (plain !== undefined) return { entry: plain, pathParameters: {} };
      for (const route of templated) {
        if (route.method !== method) continue;
        const found = route.pattern.exec(pathname);
        if (found === null) continue;
        const pathParameters: Record<string, string> = {};
        route.names.forEach((name, index) => {
          pathParameters[name] = decodeURIComponent(found[index + 1] ?? "");
        });
        return { entry: route.entry, pathParameters };
      }
      return undefined;
    },
  };
}
