import type {
  JSONValue,
  LanguageModelV3Message,
  LanguageModelV3Prompt,
  LanguageModelV3ToolResultOutput,
} from "@ai-sdk/provider";

/**
 * Replaces personal and client data with placeholders before a prompt leaves Cairn, and puts
 * the originals back in the answer. One Sanitiser lives for one gateway call, so the same
 * value always gets the same placeholder across messages, steps and fallbacks.
 *
 * Placeholders look like «EMAIL_1»: guillemets rarely occur in real text, models copy them
 * through faithfully, and a streamed answer can be restored by holding back only from an
 * unmatched « to its closing ».
 */

type Category = "EMAIL" | "CARD" | "PHONE" | "CLIENT";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13-19 digits, optionally grouped by spaces or dashes; confirmed with the Luhn check.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
// IBANs (a country code, check digits, then groups of four) are neither phones nor cards:
// digit passes skip them whole, so no fragment of one is taken for either.
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
// Runs of digit groups that may be phone numbers: an optional +country code (and the UK's
// "(0)"), an optional (area code), then groups joined by one space, dash or dot. It never
// starts or ends inside a longer token: not after a letter, digit, "+", ".", ":", "/" or
// "-", nor before a letter or digit, nor before ".5", ":30", "/2025" or "-01" (dates, times,
// IP addresses, versions). isPhoneNumber decides.
const PHONE_CANDIDATE =
  /(?<![\w+.:/-])(?:\+\d{1,3}(?:[ .-]?\(0\))?[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,12}){0,6}(?![\w]|[.,:/-]\w)/g;
/** E.164 allows at most 15 digits; fewer than 9 is a local number, an amount or an id. */
const MIN_PHONE_DIGITS = 9;
const MAX_PHONE_DIGITS = 15;

/**
 * Whether a candidate run of digit groups is a phone number. With a "+" or an area code in
 * parentheses it is one when its length fits; a bare run must look like one: one kind of
 * separator throughout (a date followed by a time mixes them), at least two groups of at most
 * eight digits, dots only in the 555.123.4567 and 06.12.34.56.78 shapes (not IP addresses or
 * versions), and neither thousands (1 234 567 890) nor three groups of four (account numbers).
 */
function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "").length;
  if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) return false;
  const prefixed = /^[+(]/.test(candidate);
  const body = candidate.replace(/^\+\d{1,3}(?:[ .-]?\(0\))?[ .-]?/, "").replace(/^\(\d{1,5}\)[ .-]?/, "");
  const separators = new Set(body.match(/[ .-]/g));
  if (separators.size > 1) return false;
  if (prefixed) return true;
  const groups = body.split(/[ .-]/).map((group) => group.length);
  if (groups.length < 2 || groups.some((length) => length > 8)) return false;
  const shape = groups.join(",");
  if (separators.has(".") && shape !== "3,3,4" && shape !== "2,2,2,2,2") return false;
  if (groups[0]! <= 3 && groups.slice(1).every((length) => length === 3)) return false;
  return groups.filter((length) => length === 4).length < 3;
}

const PLACEHOLDER = /«([A-Z]+_\d+)»/g;
/** The longest placeholder a stream restorer needs to wait for (a category and a number). */
const MAX_PLACEHOLDER_LENGTH = 24;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Applies `rewrite` to the parts of `text` that `skip` does not match; matches stay as they are. */
function outside(skip: RegExp, text: string, rewrite: (part: string) => string): string {
  let result = "";
  let from = 0;
  for (const match of text.matchAll(skip)) {
    result += rewrite(text.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return result + rewrite(text.slice(from));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class Sanitiser {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters: Record<Category, number> = { EMAIL: 0, CARD: 0, PHONE: 0, CLIENT: 0 };
  private readonly glossary: RegExp | null;

  constructor(glossaryTerms: readonly string[]) {
    const cleaned = [...new Set(glossaryTerms.map((term) => term.trim()).filter((term) => term.length >= 2))];
    // Longest first so "Acme Holdings" wins over "Acme".
    cleaned.sort((a, b) => b.length - a.length);
    this.glossary =
      cleaned.length > 0
        ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${cleaned.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`, "giu")
        : null;
  }

  /** How many distinct values were replaced so far. */
  get replacements(): number {
    return this.byValue.size;
  }

  private placeholderFor(category: Category, value: string): string {
    const key = category === "CLIENT" ? `${category}:${value.toLowerCase()}` : `${category}:${value}`;
    const existing = this.byValue.get(key);
    if (existing) return existing;
    this.counters[category] += 1;
    const placeholder = `«${category}_${this.counters[category]}»`;
    this.byValue.set(key, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }

  sanitiseText(text: string): string {
    let result = text.replace(EMAIL, (match) => this.placeholderFor("EMAIL", match));
    result = outside(IBAN, result, (part) => this.sanitiseNumbers(part));
    if (this.glossary)
      result = result.replace(this.glossary, (match) => this.placeholderFor("CLIENT", match));
    return result;
  }

  private sanitiseNumbers(text: string): string {
    const result = text.replace(CARD, (match) =>
      passesLuhn(match.replace(/\D/g, "")) ? this.placeholderFor("CARD", match) : match,
    );
    return result.replace(PHONE_CANDIDATE, (match) => this.sanitisePhones(match));
  }

  /**
   * A candidate is a phone number, or holds some between spaces when it mixes separators
   * ("on 2025-03-01 555-123-4567"): the longest space-separated runs that are phones, left to right.
   */
  private sanitisePhones(candidate: string): string {
    if (isPhoneNumber(candidate)) return this.placeholderFor("PHONE", candidate);
    if (new Set(candidate.match(/[ .-]/g)).size < 2) return candidate;
    const words = candidate.split(" ");
    const out: string[] = [];
    for (let start = 0; start < words.length; ) {
      let end = words.length;
      while (end > start && !isPhoneNumber(words.slice(start, end).join(" "))) end--;
      if (end === start) {
        out.push(words[start]!);
        start++;
      } else {
        out.push(this.placeholderFor("PHONE", words.slice(start, end).join(" ")));
        start = end;
      }
    }
    return out.join(" ");
  }

  /**
   * Placeholders this call handed out go back to their values; anything else stays as
   * written. In JSON text (tool-call arguments) values are escaped as inside a JSON string,
   * so a glossary term with a quote cannot break the arguments.
   */
  restoreText(text: string, json = false): string {
    if (this.byPlaceholder.size === 0) return text;
    return text.replace(PLACEHOLDER, (match) => {
      const value = this.byPlaceholder.get(match);
      if (value === undefined) return match;
      return json ? JSON.stringify(value).slice(1, -1) : value;
    });
  }

  private sanitiseJson(value: unknown): JSONValue {
    if (typeof value === "string") return this.sanitiseText(value);
    if (Array.isArray(value)) return value.map((item) => this.sanitiseJson(item));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.sanitiseJson(item)]));
    }
    return value as JSONValue;
  }

  /**
   * The text of a tool's result, never its shape: the output's `type` and the kind of each
   * content part are what the provider parses, so only values meant to be read are rewritten.
   */
  private sanitiseToolOutput(output: LanguageModelV3ToolResultOutput): LanguageModelV3ToolResultOutput {
    switch (output.type) {
      case "text":
      case "error-text":
        return { ...output, value: this.sanitiseText(output.value) };
      case "json":
      case "error-json":
        return { ...output, value: this.sanitiseJson(output.value) };
      case "execution-denied":
        return output.reason === undefined ? output : { ...output, reason: this.sanitiseText(output.reason) };
      case "content":
        return {
          ...output,
          value: output.value.map((part) =>
            part.type === "text" ? { ...part, text: this.sanitiseText(part.text) } : part,
          ),
        };
    }
  }

  /** Every piece of text the provider would see: system, user and assistant text, tool inputs and results. */
  sanitisePrompt(prompt: LanguageModelV3Prompt): LanguageModelV3Prompt {
    return prompt.map((message) => this.sanitiseMessage(message));
  }

  private sanitiseMessage(message: LanguageModelV3Message): LanguageModelV3Message {
    if (message.role === "system") return { ...message, content: this.sanitiseText(message.content) };
    if (message.role === "user") {
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === "text" ? { ...part, text: this.sanitiseText(part.text) } : part,
        ),
      };
    }
    if (message.role === "tool") {
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === "tool-result" ? { ...part, output: this.sanitiseToolOutput(part.output) } : part,
        ),
      };
    }
    return {
      ...message,
      content: message.content.map((part) => {
        if (part.type === "text" || part.type === "reasoning")
          return { ...part, text: this.sanitiseText(part.text) };
        if (part.type === "tool-call") return { ...part, input: this.sanitiseJson(part.input) };
        if (part.type === "tool-result") return { ...part, output: this.sanitiseToolOutput(part.output) };
        return part;
      }),
    };
  }

  /**
   * A restorer for one streamed text (one text block or one tool call's input). Deltas may
   * split a placeholder anywhere; it holds back an unfinished «... until it closes or grows
   * too long to be a placeholder, and flush() releases whatever is left at the end.
   */
  streamRestorer(json = false): { push(delta: string): string; flush(): string } {
    let pending = "";
    return {
      push: (delta) => {
        pending += delta;
        const open = pending.lastIndexOf("«");
        const hold =
          open >= 0 && !pending.includes("»", open) && pending.length - open < MAX_PLACEHOLDER_LENGTH;
        const ready = hold ? pending.slice(0, open) : pending;
        pending = hold ? pending.slice(open) : "";
        return this.restoreText(ready, json);
      },
      flush: () => {
        const rest = this.restoreText(pending, json);
        pending = "";
        return rest;
      },
    };
  }
}
