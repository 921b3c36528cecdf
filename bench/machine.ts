import { cpus, freemem, loadavg, release, totalmem } from "node:os";

/** What the numbers were measured on; printed with every report. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started: above the core count, others were busy too. */
  loadAverage: number;
}

/**
 * Describes this machine.
 * @example describeMachine().cores // 2
 */
export function describeMachine(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
