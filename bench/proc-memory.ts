import { readFile } from "node:fs/promises";

/** A process's memory from /proc: resident now and its peak, in MiB (Linux only). */
export interface ProcMemory {
  rssMiB: number;
  peakRssMiB: number;
}

/**
 * Reads VmRSS and VmHWM of a process from /proc; undefined where there is no /proc.
 * @example await procMemory(child.pid) // { rssMiB: 71.2, peakRssMiB: 80.4 }
 */
export async function procMemory(pid: number | undefined): Promise<ProcMemory | undefined> {
  if (pid === undefined) return undefined;
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const kib = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib("VmRSS") / 1024, peakRssMiB: kib("VmHWM") / 1024 };
}
