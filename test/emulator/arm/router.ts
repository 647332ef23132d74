import type { ArmHandler } from './context';

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: ArmHandler;
}

export interface RouteMatch {
  handler: ArmHandler;
  params: Record<string, string>;
}

/**
 * Path templates like `/subscriptions/{sub}/resourceGroups/{rg}/...`. Matching is case-insensitive for the whole
 * path, like ARM (provider namespace, resource types and names are all case-insensitive).
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: ArmHandler): this {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(param[1]);
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`, 'i'), names, handler });
    return this;
  }

  /** The handler for method + path; `'method-not-allowed'` when only the path matches; undefined when nothing does. */
  match(method: string, path: string): RouteMatch | 'method-not-allowed' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}
