/**
 * A certificate authority made for one rehearsal (openssl, P-256, two days) and one server
 * certificate it signs for AWS's host names. Nothing trusts it but what is told to: the function
 * through NODE_EXTRA_CA_CERTS, Chromium through the server key's SPKI pin.
 */
import { execFile } from "node:child_process";
import { createHash, createPublicKey } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PrivateCa {
  /** The CA's certificate (PEM file): what NODE_EXTRA_CA_CERTS points at. */
  caFile: string;
  /** The server's key and certificate (PEM). */
  key: string;
  cert: string;
  /** base64 SHA-256 of the server key's SubjectPublicKeyInfo: Chromium's `--ignore-certificate-errors-spki-list`. */
  spki: string;
}

/**
 * Makes the CA and a server certificate for `names` in `dir`.
 * @example const ca = await makePrivateCa(dir, ["cognito-idp.eu-west-1.amazonaws.com"])
 */
export async function makePrivateCa(dir: string, names: string[]): Promise<PrivateCa> {
  const f = (name: string) => join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=cognito-dashboard rehearsal CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await run("openssl", [
    "req",
    ...ec,
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
    "-subj",
    "/CN=cognito-dashboard rehearsal",
  ]);
  await writeFile(
    f("server.ext"),
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`,
    ].join("\n"),
  );
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-out",
    f("server.pem"),
    "-days",
    "2",
    "-extfile",
    f("server.ext"),
  ]);
  const key = await readFile(f("server.key"), "utf8");
  const spkiDer = createPublicKey(key).export({ type: "spki", format: "der" });
  return {
    caFile: f("ca.pem"),
    key,
    cert: await readFile(f("server.pem"), "utf8"),
    spki: createHash("sha256").update(spkiDer).digest("base64"),
  };
}
