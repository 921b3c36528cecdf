/**
 * `resource.enc`, as the SST CLI writes it next to a built handler (sst 4.17.x,
 * `pkg/runtime/runtime.go`, `Collection.Build`): the function's links, `{ name: properties }`
 * marshalled by Go's encoding/json (keys sorted, `<`, `>`, `&` escaped), sealed with AES-256-GCM
 * under the function's encryption key and an all-zero nonce, the tag appended. The component sets
 * `SST_KEY` (the key, base64) and `SST_KEY_FILE` (`"resource.enc"`, relative: Lambda runs the
 * handler from its task root) in the function's environment; `sst/resource` opens it on first
 * access.
 */
import { createCipheriv } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The name SST gives the file, and the value of `SST_KEY_FILE`. */
export const SST_KEY_FILE = "resource.enc";

/**
 * The sealed bytes of `resource.enc` for these links under `keyBase64`.
 * @example sealLinks({ UserPool: { id: "eu-west-1_x", type: "sst.sst.Linkable" } }, key)
 */
export function sealLinks(links: Record<string, unknown>, keyBase64: string): Buffer {
  const key = Buffer.from(keyBase64, "base64");
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.alloc(12, 0));
  return Buffer.concat([cipher.update(goJson(links), "utf8"), cipher.final(), cipher.getAuthTag()]);
}

/**
 * Writes `resource.enc` into a build's output directory, as the CLI does after building.
 * @example await writeResourceFile(out, links, input.encryptionKey)
 */
export async function writeResourceFile(
  outDir: string,
  links: Record<string, unknown>,
  keyBase64: string,
): Promise<string> {
  const path = join(outDir, SST_KEY_FILE);
  await writeFile(path, sealLinks(links, keyBase64));
  return path;
}

/** Go's json.Marshal of a map of raw messages: sorted keys, compact, HTML-escaped. */
function goJson(links: Record<string, unknown>): string {
  const sorted = Object.fromEntries(
    Object.keys(links)
      .sort()
      .map((k) => [k, links[k]]),
  );
  return JSON.stringify(sorted).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
