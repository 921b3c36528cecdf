/**
 * AWS's Node.js runtime interface client (`aws-lambda-ric`, the process inside Lambda's Node
 * container images) and how the rehearsal starts it: `node <options> <ric>/index.mjs` with the
 * options Lambda's bootstrap gives `node` ({@link lambdaNodeOptions}), which reads
 * `_HANDLER`, `LAMBDA_TASK_ROOT` and `AWS_LAMBDA_RUNTIME_API`, loads the handler and polls the
 * Runtime API through its native addon (`rapid-client.node`, aws-lambda-cpp and curl).
 *
 * npm installs the package without running its install scripts (npm 11 runs none it was not
 * told to), so the addon is built apart: `npm run rehearse:setup` (scripts/build-runtime-client.ts).
 *
 * On the AWS names, each environment runs in a private mount namespace of its own (`unshare -m`,
 * root only) where a private hosts file is bind-mounted over /etc/hosts: the function resolves
 * AWS's names to the rehearsal's edge without a variable or a line of code changed.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { RuntimeLauncher } from "./lambda-service.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** Where npm puts the package. */
export const RIC_DIR = join(ROOT, "node_modules", "aws-lambda-ric");

/** The command that builds the addon. */
export const SETUP_COMMAND = "npm run rehearse:setup";

/**
 * Why the runtime client cannot run here, in one line; `undefined` when it can.
 * @example const problem = runtimeClientProblem(); if (problem) console.log(problem)
 */
export function runtimeClientProblem(dir: string = RIC_DIR): string | undefined {
  if (!existsSync(join(dir, "index.mjs"))) {
    return "aws-lambda-ric is not installed: run npm ci";
  }
  if (!existsSync(join(dir, "rapid-client.node"))) {
    return `aws-lambda-ric's native addon is not built: run ${SETUP_COMMAND} (needs cmake, make and g++; a few minutes)`;
  }
  return undefined;
}

/**
 * Why AWS's names cannot be given to the function here (a private /etc/hosts needs root and
 * `unshare`), in one line; `undefined` when they can.
 * @example privateHostsProblem() // undefined as root
 */
export function privateHostsProblem(): string | undefined {
  if (process.getuid?.() !== 0) {
    return "the rehearsal on AWS's host names needs root (a private /etc/hosts in a mount namespace, a TLS server on port 443)";
  }
  try {
    execFileSync("unshare", ["--mount", "true"], { stdio: "ignore" });
  } catch {
    return "the rehearsal on AWS's host names needs `unshare --mount` (util-linux), which failed here";
  }
  return undefined;
}

/**
 * The options Lambda's managed Node.js runtime starts `node` with, for a function of `memoryMb`:
 * its `/var/runtime/bootstrap` (the shell script of the nodejs images on public.ecr.aws/lambda;
 * read in copies of the nodejs14.x and nodejs18.x images', the same in both) passes `--expose-gc`
 * and `--max-http-header-size 81920`, and sizes V8's heap from the memory: a tenth for the young
 * generation (a semi-space is half of it), the rest for the old one. They change a cold start:
 * with `--expose-gc`, V8 rejects the code cache Node ships for its own modules (made without the
 * flag; `NODE_DEBUG_NATIVE=CODE_CACHE` lists each "is rejected"), so its fetch classes and
 * `node:crypto` are compiled as they load, in every cold start.
 * @example lambdaNodeOptions(1024) // ["--expose-gc", "--max-http-header-size", "81920", "--max-semi-space-size=51", "--max-old-space-size=922"]
 */
export function lambdaNodeOptions(memoryMb: number): string[] {
  if (!Number.isInteger(memoryMb) || memoryMb < 128) {
    throw new Error(`not a Lambda memory size in MB: ${memoryMb}`);
  }
  const newSpace = Math.floor(memoryMb / 10);
  return [
    "--expose-gc",
    "--max-http-header-size",
    "81920",
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

/**
 * The runtime client's command line, as Lambda's bootstrap runs it for a function of `memoryMb`.
 * @example spawn(...runtimeClientCommand(1024))
 */
export function runtimeClientCommand(memoryMb: number): [string, string[]] {
  return [process.execPath, [...lambdaNodeOptions(memoryMb), join(RIC_DIR, "index.mjs")]];
}

/**
 * How to start the runtime client, for a function of `memoryMb`, with `hostsFile` as its
 * /etc/hosts.
 * @example new LambdaService(config, taskRoot, runtimeClientLauncher(hostsFile, config.memoryMb))
 */
export function runtimeClientLauncher(hostsFile: string, memoryMb: number): RuntimeLauncher {
  const [node, args] = runtimeClientCommand(memoryMb);
  return withHostsFile(hostsFile, [node, ...args]);
}

/**
 * `command` run in a private mount namespace whose /etc/hosts is `hostsFile` (needs root).
 * @example const { command, args } = withHostsFile(hosts, [process.execPath, "check.ts"]);
 */
export function withHostsFile(hostsFile: string, command: readonly string[]): RuntimeLauncher {
  return {
    command: "unshare",
    args: [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      'mount --bind "$1" /etc/hosts && shift && exec "$@"',
      "sh",
      hostsFile,
      ...command,
    ],
  };
}

/**
 * The hosts file of the function's namespace: loopback, and each name at 127.0.0.1.
 * @example hostsFileText(["cognito-idp.eu-west-1.amazonaws.com"])
 */
export function hostsFileText(names: string[]): string {
  return ["127.0.0.1 localhost", "::1 localhost", ...names.map((n) => `127.0.0.1 ${n}`), ""].join(
    "\n",
  );
}
