import { randomInt } from "node:crypto";

/**
 * Cognito's default password policy, which the stack's pool keeps: at least 8 characters, with a
 * lowercase and an uppercase letter, a digit and a symbol. Temporary passwords last 7 days.
 */
export const PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
} as const;

/** Cognito's password symbols (the developer guide's list). */
const SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/**
 * The first rule a password breaks, in Cognito's words, or undefined when it conforms.
 * Cognito reports it as `InvalidPasswordException: Password does not conform to policy: <rule>`.
 * @example passwordProblem("short") // "Password not long enough"
 */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < PASSWORD_POLICY.MinimumLength) return "Password not long enough";
  if (!/[a-z]/.test(password)) return "Password must have lowercase characters";
  if (!/[A-Z]/.test(password)) return "Password must have uppercase characters";
  if (!/[0-9]/.test(password)) return "Password must have numeric characters";
  if (![...password].some((c) => SYMBOLS.includes(c) || c === " ")) {
    return "Password must have symbol characters";
  }
  return undefined;
}

/**
 * A temporary password that meets the policy, as Cognito generates for AdminCreateUser.
 * @example passwordProblem(temporaryPassword()) // undefined
 */
export function temporaryPassword(): string {
  const sets = ["abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!#%&*+-=?"];
  const all = sets.join("");
  const chars = sets.map((set) => set[randomInt(set.length)] as string);
  while (chars.length < 12) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join("");
}

/**
 * A six-digit confirmation code, as in Cognito's password-reset messages.
 * @example /^\d{6}$/.test(confirmationCode()) // true
 */
export function confirmationCode(): string {
  return String(randomInt(1_000_000)).padStart(6, "0");
}
