// The part of Bun's test module that bun-vitest-shim.ts uses (Bun's own types are not installed).
declare module "bun:test" {
  export function setSystemTime(now?: Date): void;
  export const vi: Record<string, unknown>;
}
