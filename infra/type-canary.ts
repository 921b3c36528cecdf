/**
 * Never imported: it only exists for `tsc -p tsconfig.sst.json`.
 *
 * With `moduleResolution: "NodeNext"`, or without `.sst/platform`, the SST globals silently become
 * `any` and every option typo in `sst.config.ts` would pass the type-check. Each directive below
 * expects an error; if the globals lose their types, the directive is unused and the check fails.
 */
export function typeCanary(): void {
  // @ts-expect-error: CognitoUserPool has `usernames`, not `usernamez`
  new sst.aws.CognitoUserPool("Canary", { usernamez: ["email"] });
  // @ts-expect-error: Function's runtime is a fixed list of Lambda runtimes
  new sst.aws.Function("Canary", { handler: "index.handler", runtime: "nodejs99.x" });
}
