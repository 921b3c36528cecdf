/** One line of the report: what was checked, how it went, and the fix when it did not. */
export interface CheckLine {
  /** Short and stable, e.g. "hosted UI". */
  check: string;
  /** `wait`: failing in a way that passes by itself (a new domain); `skip`: could not be run. */
  state: "ok" | "fail" | "wait" | "skip";
  /** What was found, in a sentence. */
  said: string;
  /** What to do, with the exact command where there is one. */
  fix?: string;
}

export const ok = (check: string, said: string): CheckLine => ({ check, state: "ok", said });
export const fail = (check: string, said: string, fix: string): CheckLine => ({
  check,
  state: "fail",
  said,
  fix,
});
