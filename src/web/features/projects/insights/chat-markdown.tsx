import type { ReactNode } from "react";

// Renders the little Markdown a model writes (paragraphs, lists, headings, bold, italics, inline
// and fenced code, links) as React elements. Never HTML: whatever the text holds stays text.

type Block =
  | { kind: "paragraph"; lines: string[] }
  | { kind: "heading"; text: string }
  | { kind: "list"; ordered: boolean; items: string[] }
  | { kind: "code"; text: string };

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === "") {
      index++;
      continue;
    }
    if (line.trimStart().startsWith("```")) {
      const code: string[] = [];
      index++;
      while (index < lines.length && !lines[index]!.trimStart().startsWith("```")) code.push(lines[index++]!);
      index++; // the closing fence (or the end, while the answer is still streaming)
      blocks.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", text: heading[1]! });
      index++;
      continue;
    }
    const bullet = /^\s*(?:[-*•]|(\d+)[.)])\s+(.*)$/.exec(line);
    if (bullet) {
      const ordered = bullet[1] !== undefined;
      const items: string[] = [];
      while (index < lines.length) {
        const match = /^\s*(?:[-*•]|(\d+)[.)])\s+(.*)$/.exec(lines[index]!);
        if (match && (match[1] !== undefined) === ordered) {
          items.push(match[2]!);
          index++;
        } else if (items.length > 0 && /^\s{2,}\S/.test(lines[index]!)) {
          items[items.length - 1] += ` ${lines[index]!.trim()}`;
          index++;
        } else break;
      }
      blocks.push({ kind: "list", ordered, items });
      continue;
    }
    const paragraph: string[] = [];
    while (
      index < lines.length &&
      lines[index]!.trim() !== "" &&
      !/^(#{1,6}\s|\s*(?:[-*•]|\d+[.)])\s|\s*```)/.test(lines[index]!)
    ) {
      paragraph.push(lines[index++]!);
    }
    blocks.push({ kind: "paragraph", lines: paragraph });
  }
  return blocks;
}

const INLINE =
  /(\*\*[^*\n]+\*\*|`[^`\n]+`|\[[^\]\n]+\]\([^)\s]+\)|(?<![\w*])[*_][^*_\n]+[*_](?![\w*])|\b(?:DL|[RAIDM])-\d+\b)/g;

/** Only web links and in-app paths become links; anything else (javascript:, data:) stays text. */
function safeHref(href: string): string | null {
  if (href.startsWith("/") && !href.startsWith("//")) return href;
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

export interface InlineOptions {
  /** Turns an item code (R-12) into a link when the answer cited it. */
  renderCode?: (code: string) => ReactNode | null;
}

export function renderInline(text: string, options: InlineOptions = {}): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const token = match[0];
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    const key = `${at}-${token}`;
    if (token.startsWith("**")) {
      parts.push(
        <strong key={key} className="font-semibold text-ink">
          {renderInline(token.slice(2, -2), options)}
        </strong>,
      );
    } else if (token.startsWith("`")) {
      parts.push(
        <code key={key} className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">
          {token.slice(1, -1)}
        </code>,
      );
    } else if (token.startsWith("[")) {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)!;
      const href = safeHref(link[2]!);
      parts.push(
        href ? (
          <a
            key={key}
            href={href}
            target={href.startsWith("/") ? undefined : "_blank"}
            rel="noreferrer noopener"
            className="font-medium text-accent-700 underline"
          >
            {link[1]}
          </a>
        ) : (
          link[1]
        ),
      );
    } else if (token.startsWith("*") || token.startsWith("_")) {
      parts.push(<em key={key}>{token.slice(1, -1)}</em>);
    } else {
      parts.push(options.renderCode?.(token) ?? token);
    }
    last = at + token.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

export function ChatMarkdown({ text, options }: { text: string; options?: InlineOptions }) {
  return (
    <div className="space-y-2.5 text-ink-soft text-sm leading-relaxed">
      {parseBlocks(text).map((block, index) => {
        const key = `${index}-${block.kind}`;
        switch (block.kind) {
          case "heading":
            return (
              <p key={key} className="pt-1 font-semibold text-ink">
                {renderInline(block.text, options)}
              </p>
            );
          case "code":
            return (
              <pre
                key={key}
                className="overflow-x-auto rounded-lg bg-muted px-3 py-2 font-mono text-xs text-ink"
              >
                {block.text}
              </pre>
            );
          case "list": {
            const List = block.ordered ? "ol" : "ul";
            return (
              <List
                key={key}
                className={block.ordered ? "list-decimal space-y-1 pl-5" : "list-disc space-y-1 pl-5"}
              >
                {block.items.map((item, itemIndex) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place
                  <li key={itemIndex}>{renderInline(item, options)}</li>
                ))}
              </List>
            );
          }
          default:
            return (
              <p key={key}>
                {block.lines.map((line, lineIndex) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their place
                  <span key={lineIndex}>
                    {lineIndex > 0 ? <br /> : null}
                    {renderInline(line, options)}
                  </span>
                ))}
              </p>
            );
        }
      })}
    </div>
  );
}
