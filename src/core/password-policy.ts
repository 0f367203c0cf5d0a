/**
 * What makes a password acceptable. Length matters most (NIST SP 800-63B); beyond that we
 * refuse the passwords attackers try first and ones built from the account's own email.
 */

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

const COMMON_PASSWORDS = new Set([
  "password",
  "password1",
  "password12",
  "password123",
  "password1234",
  "passw0rd",
  "p@ssw0rd",
  "p@ssword",
  "123456789",
  "1234567890",
  "12345678910",
  "0123456789",
  "qwertyuiop",
  "qwerty1234",
  "qwerty123456",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "zaq12wsx",
  "iloveyou123",
  "letmein123",
  "welcome123",
  "welcome1234",
  "admin12345",
  "administrator",
  "changeme123",
  "football123",
  "baseball123",
  "sunshine123",
  "princess123",
  "dragon1234",
  "monkey1234",
  "abc1234567",
  "abcdefghij",
  "aaaaaaaaaa",
  "trustno1234",
  "superman123",
  "starwars123",
  "whatever123",
  "computer123",
  "michael123",
  "jennifer123",
  "cairn12345",
  "secret1234",
]);

export type PasswordProblem = "too_short" | "too_long" | "common" | "contains_email" | "repetitive";

export interface PasswordVerdict {
  ok: boolean;
  problems: PasswordProblem[];
  message: string | null;
}

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Use at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `Use at most ${MAX_PASSWORD_LENGTH} characters`,
  common: "This password is too common; choose another",
  contains_email: "Do not build the password from your email address",
  repetitive: "Avoid long runs of one character",
};

export function checkPassword(password: string, context: { email?: string | null } = {}): PasswordVerdict {
  const problems: PasswordProblem[] = [];
  const lowered = password.toLowerCase();
  if (password.length < MIN_PASSWORD_LENGTH) problems.push("too_short");
  if (password.length > MAX_PASSWORD_LENGTH) problems.push("too_long");
  if (COMMON_PASSWORDS.has(lowered)) problems.push("common");
  const localPart = context.email?.split("@")[0]?.toLowerCase() ?? "";
  if (localPart.length >= 4 && lowered.includes(localPart)) problems.push("contains_email");
  if (/(.)\1{5,}/.test(password) || new Set(password).size <= 2) problems.push("repetitive");
  return { ok: problems.length === 0, problems, message: problems.length ? MESSAGES[problems[0]!] : null };
}
