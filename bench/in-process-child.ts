import { serveChild } from "./child.ts";
import { runInProcess } from "./in-process.ts";
import type { BenchSettings } from "./settings.ts";

// The in-process comparison in a process of its own: the bench's process hands it the settings
// and gets the result back as this child's reply. Its log lines go to the bench's stderr.
serveChild((settings: BenchSettings["inProcess"]) =>
  runInProcess(settings, (line) => console.error(line)),
);
