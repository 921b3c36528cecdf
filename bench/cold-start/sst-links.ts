import { createCipheriv, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Writes linked resources the way a deployed SST function receives them: JSON encrypted with
 * AES-256-GCM under a random key and an all-zero nonce, the tag appended, in a file next to the
 * bundle; the key and the file's path go in `SST_KEY` and `SST_KEY_FILE`, and the app in
 * `SST_RESOURCE_App`. `sst/resource` decrypts it on first access, as it does on Lambda.
 * @example const env = await writeSstLinks(dir, { UserPool: { id } }); // { SST_KEY, SST_KEY_FILE, SST_RESOURCE_App }
 */
export async function writeSstLinks(
  dir: string,
  resources: Record<string, Record<string, string>>,
): Promise<Record<string, string>> {
  const key = randomBytes(32);
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.alloc(12, 0));
  const sealed = Buffer.concat([
    cipher.update(JSON.stringify(resources), "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const file = join(dir, "resource.enc");
  await writeFile(file, sealed);
  return {
    SST_KEY: key.toString("base64"),
    SST_KEY_FILE: file,
    SST_RESOURCE_App: JSON.stringify({ name: "cognito-dashboard", stage: "bench" }),
  };
}
