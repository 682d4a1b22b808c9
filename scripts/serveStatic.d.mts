/** A static file server on 127.0.0.1 for browser tests, benchmarks and demos. */
export interface StaticServer {
  /** e.g. `http://127.0.0.1:43210` */
  origin: string;
  /** Every request path served so far (to prove a page made no unexpected request). */
  requests: string[];
  close(): Promise<void>;
}

/** Options of `serveStatic`. */
export interface ServeOptions {
  /** Send COOP same-origin + COEP require-corp (+ CORP same-origin): the page is cross-origin isolated. */
  isolated?: boolean;
  /** Port on 127.0.0.1; default 0 (an ephemeral port). */
  port?: number;
}

/** Serves `root` on 127.0.0.1; paths outside `root` get 404. */
export function serveStatic(root: string, options?: ServeOptions): Promise<StaticServer>;
