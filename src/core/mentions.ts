/**
 * @mentions in comments. The syntax is Markdown-link shaped so it survives any renderer and
 * carries the person's id, not just a name that may be ambiguous or change:
 *
 *   @[Pat Example](0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e90)
 *
 * The web client inserts the token when a person is picked from the mention menu. The server
 * trusts only the id: it rewrites every label to the person's name (`renderMentions`), so a
 * mention cannot pass itself off as someone else.
 */

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const MENTION = new RegExp(`@\\[([^\\]\\n]{1,120})\\]\\((${UUID})\\)`, "g");

export interface Mention {
  userId: string;
  label: string;
}

/** Every distinct person mentioned, in order of first mention; ids lower-cased. */
export function parseMentions(body: string): Mention[] {
  const seen = new Set<string>();
  const mentions: Mention[] = [];
  for (const match of body.matchAll(MENTION)) {
    const userId = match[2]!.toLowerCase();
    if (seen.has(userId)) continue;
    seen.add(userId);
    mentions.push({ userId, label: match[1]! });
  }
  return mentions;
}

/** The token a client inserts for a mention. Brackets in the label are dropped to keep it parseable. */
export function mentionToken(label: string, userId: string): string {
  return `@[${label.replace(/[[\]\n]/g, "").slice(0, 120)}](${userId})`;
}

/** The body as a reader sees it: "@Pat Example" for each mention (for mail and previews). */
export function mentionsAsText(body: string): string {
  return body.replace(MENTION, (_token, label: string) => `@${label}`);
}

/**
 * The body with each mention labelled by the person's name from `names` (by lower-case id);
 * a mention of someone not in `names` is left as plain "@label" text, mentioning nobody.
 */
export function renderMentions(body: string, names: ReadonlyMap<string, string>): string {
  return body.replace(MENTION, (_token, label: string, id: string) => {
    const name = names.get(id.toLowerCase());
    return name === undefined ? `@${label}` : mentionToken(name, id.toLowerCase());
  });
}
