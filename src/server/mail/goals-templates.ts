import type { Mail } from "./mailer";

// Notification mails of the Goals module: mentions, shares, comments, hand-overs and check-in
// reminders.
// Each has a plain-text part and a simple HTML part with one link back into Cairn.

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!,
  );

interface Block {
  text: string;
  /** Rendered as a quotation (a comment excerpt). */
  quote?: boolean;
}

function render(
  to: string,
  subject: string,
  blocks: Block[],
  action: { label: string; url: string },
  list: string[] = [],
): Mail {
  const text = [
    ...blocks.map((block) => (block.quote ? `> ${block.text.replace(/\n/g, "\n> ")}` : block.text)),
    ...(list.length > 0 ? [list.map((item) => `- ${item}`).join("\n")] : []),
    `${action.label}: ${action.url}`,
  ].join("\n\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1c1917;max-width:560px;margin:32px auto;padding:0 16px">
<h1 style="font-size:18px">${escapeHtml(subject)}</h1>
${blocks
  .map((block) =>
    block.quote
      ? `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #0f766e;color:#44403c;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`
      : `<p style="line-height:1.5">${escapeHtml(block.text)}</p>`,
  )
  .join("\n")}
${list.length > 0 ? `<ul>${list.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>` : ""}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#0f766e;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#78716c;font-size:13px">You get this mail because of your Cairn notifications.</p>
</body></html>`;
  return { to, subject, text: `${text}\n`, html };
}

export function mentionMail(
  to: string,
  input: { actorName: string; targetTitle: string; excerpt: string; url: string },
): Mail {
  return render(
    to,
    `${input.actorName} mentioned you on “${input.targetTitle}”`,
    [{ text: `${input.actorName} mentioned you in a comment:` }, { text: input.excerpt, quote: true }],
    { label: "Open the conversation", url: input.url },
  );
}

export function commentMail(
  to: string,
  input: { actorName: string; targetTitle: string; excerpt: string; url: string },
): Mail {
  return render(
    to,
    `${input.actorName} commented on “${input.targetTitle}”`,
    [{ text: `${input.actorName} commented on your objective:` }, { text: input.excerpt, quote: true }],
    { label: "Reply", url: input.url },
  );
}

export function shareMail(
  to: string,
  input: {
    actorName: string;
    objectiveTitle: string;
    permission: "view" | "edit";
    groupName?: string;
    url: string;
  },
): Mail {
  const how = input.permission === "edit" ? "view and edit" : "view";
  const via = input.groupName ? ` with ${input.groupName}, a group you are in,` : " with you";
  return render(
    to,
    `${input.actorName} shared “${input.objectiveTitle}”`,
    [
      {
        text: `${input.actorName} shared the objective “${input.objectiveTitle}”${via} so you can ${how} it.`,
      },
    ],
    { label: "Open the objective", url: input.url },
  );
}

export function transferMail(
  to: string,
  input: { actorName: string; objectiveTitle: string; url: string },
): Mail {
  return render(
    to,
    `${input.actorName} handed you “${input.objectiveTitle}”`,
    [
      {
        text: `${input.actorName} made you the owner of the objective “${input.objectiveTitle}”. It is yours to update, share and check in on now.`,
      },
    ],
    { label: "Open the objective", url: input.url },
  );
}

export function checkInReminderMail(
  to: string,
  input: {
    name: string;
    keyResults: { title: string; objectiveTitle: string; daysSince: number }[];
    url: string;
  },
): Mail {
  const count = input.keyResults.length;
  return render(
    to,
    count === 1
      ? "A key result is waiting for its weekly check-in"
      : `${count} key results are waiting for their check-in`,
    [
      {
        text: `Hi ${input.name}, these key results have had no check-in for a week or more. A quick update (value, confidence, a line of context) keeps the plan honest.`,
      },
    ],
    { label: "Check in now", url: input.url },
    input.keyResults.map(
      (kr) =>
        `${kr.title} (${kr.objectiveTitle}): ${kr.daysSince === 1 ? "1 day" : `${kr.daysSince} days`} since the last update`,
    ),
  );
}
