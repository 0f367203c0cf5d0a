import type { Mail } from "./mailer";

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!,
  );

function layout(heading: string, paragraphs: string[], action: { label: string; url: string }): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1c1917;max-width:560px;margin:32px auto;padding:0 16px">
<h1 style="font-size:20px">${escapeHtml(heading)}</h1>
${paragraphs.map((text) => `<p style="line-height:1.5">${escapeHtml(text)}</p>`).join("\n")}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#0f766e;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#78716c;font-size:13px">Or paste this link into your browser: ${escapeHtml(action.url)}</p>
</body></html>`;
}

export function verificationMail(to: string, name: string, url: string): Mail {
  const lines = [`Hi ${name},`, "Confirm your email address to finish setting up your Cairn account."];
  return {
    to,
    subject: "Confirm your email for Cairn",
    text: `${lines.join("\n\n")}\n\n${url}\n`,
    html: layout("Confirm your email", lines, { label: "Confirm email", url }),
  };
}

export function passwordResetMail(to: string, name: string, url: string): Mail {
  const lines = [
    `Hi ${name},`,
    "Someone asked to reset the password of your Cairn account. The link works for one hour.",
    "If it was not you, ignore this mail: your password stays as it is.",
  ];
  return {
    to,
    subject: "Reset your Cairn password",
    text: `${lines.join("\n\n")}\n\n${url}\n`,
    html: layout("Reset your password", lines, { label: "Choose a new password", url }),
  };
}

export function invitationMail(
  to: string,
  inviter: string,
  orgName: string,
  role: string,
  url: string,
): Mail {
  const lines = [
    `${inviter} invited you to join ${orgName} on Cairn as ${role}.`,
    "The invitation expires in 7 days.",
  ];
  return {
    to,
    subject: `Join ${orgName} on Cairn`,
    text: `${lines.join("\n\n")}\n\n${url}\n`,
    html: layout(`Join ${orgName}`, lines, { label: "Accept invitation", url }),
  };
}
