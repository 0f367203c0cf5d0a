import type { JSONValue, LanguageModelV3Message, LanguageModelV3Prompt } from "@ai-sdk/provider";

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
// International or national numbers in groups: +44 20 7946 0958, (555) 123-4567, 555.123.4567.
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?![\w])/g;
const MIN_PHONE_DIGITS = 9;

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
    result = result.replace(CARD, (match) =>
      passesLuhn(match.replace(/\D/g, "")) ? this.placeholderFor("CARD", match) : match,
    );
    result = result.replace(PHONE, (match) =>
      match.replace(/\D/g, "").length >= MIN_PHONE_DIGITS ? this.placeholderFor("PHONE", match) : match,
    );
    if (this.glossary)
      result = result.replace(this.glossary, (match) => this.placeholderFor("CLIENT", match));
    return result;
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
          part.type === "tool-result"
            ? { ...part, output: this.sanitiseJson(part.output) as typeof part.output }
            : part,
        ),
      };
    }
    return {
      ...message,
      content: message.content.map((part) => {
        if (part.type === "text" || part.type === "reasoning")
          return { ...part, text: this.sanitiseText(part.text) };
        if (part.type === "tool-call") return { ...part, input: this.sanitiseJson(part.input) };
        if (part.type === "tool-result")
          return { ...part, output: this.sanitiseJson(part.output) as typeof part.output };
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
