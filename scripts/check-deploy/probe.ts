/**
 * One HTTP request from outside, as a browser or a user's script would send it: redirects not
 * followed, one deadline over the whole exchange (connection, headers and body), a size cap, and
 * a failure said by kind (the DNS name does not resolve, TLS failed...) rather than a stack.
 */

/** Why no answer came. */
export type ProbeFailure = "dns" | "tls" | "refused" | "timeout" | "too_large" | "unreachable";

export interface ProbeAnswer {
  ok: true;
  status: number;
  headers: Headers;
  /** Every Set-Cookie header, one entry each. */
  setCookies: string[];
  body: string;
}
export type Probed = ProbeAnswer | { ok: false; failure: ProbeFailure; detail: string };

export interface ProbeOptions {
  accept?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA"]);

/**
 * GETs `url` once.
 * @example const answer = await probe("https://abc.lambda-url.eu-west-1.on.aws/", { accept: "text/html" });
 */
export async function probe(url: string, options: ProbeOptions = {}): Promise<Probed> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 512 * 1024;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const deadline = new Promise<Probed>((resolve) => {
    timer = setTimeout(() => {
      resolve({ ok: false, failure: "timeout", detail: `no complete answer in ${timeoutMs} ms` });
      controller.abort();
      reader?.cancel().catch(() => {});
    }, timeoutMs);
  });
  const exchange = async (): Promise<Probed> => {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: options.accept ?? "*/*", "user-agent": "check-deploy" },
        redirect: "manual",
        signal: controller.signal,
      });
    } catch (err) {
      return failed(err);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      reader = res.body.getReader();
      for (;;) {
        let read: ReadableStreamReadResult<Uint8Array>;
        try {
          read = await reader.read();
        } catch (err) {
          return failed(err);
        }
        if (read.done) break;
        size += read.value.byteLength;
        if (size > maxBytes) {
          reader.cancel().catch(() => {});
          return { ok: false, failure: "too_large", detail: `more than ${maxBytes} bytes` };
        }
        chunks.push(read.value);
      }
    }
    return {
      ok: true,
      status: res.status,
      headers: res.headers,
      setCookies: res.headers.getSetCookie(),
      body: Buffer.concat(chunks).toString("utf8"),
    };
  };
  try {
    return await Promise.race([exchange(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function failed(err: unknown): Probed {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? cause.code : "";
  if ((err as Error).name === "AbortError") {
    return { ok: false, failure: "timeout", detail: "aborted" };
  }
  if (DNS.has(code))
    return { ok: false, failure: "dns", detail: `the name does not resolve (${code})` };
  if (/CERT|TLS|SSL/.test(code))
    return { ok: false, failure: "tls", detail: `TLS failed (${code})` };
  if (code === "ECONNREFUSED")
    return { ok: false, failure: "refused", detail: "connection refused" };
  return { ok: false, failure: "unreachable", detail: code || (err as Error).name || "no answer" };
}
