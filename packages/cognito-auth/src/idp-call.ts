import { CognitoAuthError } from "./errors.ts";

/**
 * Largest answer read from the IdP. A Cognito token response is about 4 KB (three tokens), a
 * JWKS under 2 KB; anything near this is not what was asked for.
 */
export const MAX_IDP_ANSWER_BYTES = 64 * 1024;

/** One request to the IdP. */
export interface IdpRequest {
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The IdP's answer: its status, its headers and its body parsed as JSON (`undefined` when it is
 * not JSON).
 */
export interface IdpAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The only way the middleware calls the IdP (token exchange, refresh, revoke, JWKS), exported for
 * an app's own calls to AWS JSON APIs (the dashboard's discovery signs its request first): one deadline
 * over the whole exchange, connection, headers and body alike, a size cap, JSON parsing, and every
 * failure as `idp_unavailable` with a cause that names the endpoint, never the request.
 *
 * The deadline does not rely on fetch's abort signal to end a body read (Node's fetch does not
 * always stop a trickling body when its signal fires): the body is read here, chunk by chunk, and
 * the call settles when the deadline passes whatever the stream does; the stream is cancelled and
 * the connection aborted behind it. So a stalled IdP holds a request for `timeoutMs` at most, and
 * never holds a later one.
 * @example
 * const { status, json } = await callIdp("token endpoint", `${domain}/oauth2/token`,
 *   { method: "POST", headers, body }, 5_000);
 */
export async function callIdp(
  endpoint: string,
  url: string,
  request: IdpRequest,
  timeoutMs: number,
): Promise<IdpAnswer> {
  const controller = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(unavailable(`${endpoint}: no complete answer within ${timeoutMs} ms`));
      controller.abort();
      reader?.cancel().catch(() => {});
    }, timeoutMs);
  });
  const exchange = async (): Promise<IdpAnswer> => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: request.method,
        headers: { accept: "application/json", ...request.headers },
        body: request.body,
        signal: controller.signal,
        // Not "error": workerd refuses it. A redirect is not followed; it is no answer.
        redirect: "manual",
      });
    } catch (cause) {
      // The kind only: a fetch error's message may quote the request.
      throw unavailable(
        `${endpoint}: unreachable (${cause instanceof Error ? cause.name : "error"})`,
      );
    }
    // Cognito's JSON endpoints never redirect: one that does is not the IdP answering. (A
    // browser's fetch gives an opaque redirect, status 0, instead of the 3xx.)
    if ((res.status >= 300 && res.status < 400) || res.type === "opaqueredirect") {
      res.body?.cancel().catch(() => {});
      throw unavailable(`${endpoint}: redirected (HTTP ${res.status}), not followed`);
    }
    const declared = Number(res.headers.get("content-length") ?? 0);
    if (declared > MAX_IDP_ANSWER_BYTES) {
      res.body?.cancel().catch(() => {});
      throw unavailable(`${endpoint}: answer of ${declared} bytes`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body !== null) {
      reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > MAX_IDP_ANSWER_BYTES) {
            reader.cancel().catch(() => {});
            throw unavailable(`${endpoint}: answer over ${MAX_IDP_ANSWER_BYTES} bytes`);
          }
          chunks.push(value);
        }
      } catch (cause) {
        if (cause instanceof CognitoAuthError) throw cause;
        throw unavailable(`${endpoint}: answer cut off (${(cause as Error)?.name ?? "error"})`);
      }
    }
    return { status: res.status, headers: res.headers, json: parseJson(chunks, size) };
  };
  try {
    return await Promise.race([exchange(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(chunks: Uint8Array[], size: number): unknown {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

/**
 * The error of an IdP that is down, slow or answering nonsense.
 * @example throw unavailable("token endpoint: HTTP 500");
 */
export function unavailable(problem: string): CognitoAuthError {
  return new CognitoAuthError("idp_unavailable", { cause: new Error(problem) });
}
