/**
 * `node` as Lambda's managed runtime starts it: the options its bootstrap computes from the
 * function's memory (a tenth for V8's young generation, a semi-space half of that, the rest for
 * the old generation), for the rehearsal and the bench's cold starts alike.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { functionMemoryMb } from "../../infra/dashboard-function.ts";
import { lambdaNodeOptions, RIC_DIR, runtimeClientCommand } from "./runtime-client.ts";

describe("lambdaNodeOptions", () => {
  it("gives the bootstrap's flags and heap sizes for a function's memory", () => {
    expect(lambdaNodeOptions(1024)).toEqual([
      "--expose-gc",
      "--max-http-header-size",
      "81920",
      "--max-semi-space-size=51",
      "--max-old-space-size=922",
    ]);
    // Shell arithmetic: integer division at each step.
    expect(lambdaNodeOptions(128).slice(3)).toEqual([
      "--max-semi-space-size=6",
      "--max-old-space-size=116",
    ]);
    expect(lambdaNodeOptions(10240).slice(3)).toEqual([
      "--max-semi-space-size=512",
      "--max-old-space-size=9216",
    ]);
  });

  it("refuses what is not a Lambda memory size", () => {
    for (const bad of [0, 64, 127, 1024.5, Number.NaN]) {
      expect(() => lambdaNodeOptions(bad), String(bad)).toThrow(/not a Lambda memory size/);
    }
  });

  it("starts the runtime client with them, for the stack's memory", () => {
    const memoryMb = functionMemoryMb();
    const [node, args] = runtimeClientCommand(memoryMb);
    expect(node).toBe(process.execPath);
    expect(args).toEqual([...lambdaNodeOptions(memoryMb), `${RIC_DIR}/index.mjs`]);
  });

  it("are options this Node accepts (and --expose-gc takes effect)", () => {
    const out = execFileSync(process.execPath, [...lambdaNodeOptions(1024), "-p", "typeof gc"], {
      encoding: "utf8",
    });
    expect(out.trim()).toBe("function");
  });
});

describe("functionMemoryMb", () => {
  it("reads a memory size as SST does", () => {
    expect(functionMemoryMb()).toBe(1024);
    expect(functionMemoryMb("1769 MB")).toBe(1769);
    expect(functionMemoryMb("2 GB")).toBe(2048);
    expect(() => functionMemoryMb("1024")).toThrow(/not a Lambda memory size/);
  });
});
