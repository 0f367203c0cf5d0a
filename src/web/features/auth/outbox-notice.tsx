import { Alert } from "@web/components/ui/alert";
import { useInstance } from "@web/lib/instance";

/**
 * Without SMTP the server writes each mail to DATA_DIR/outbox and its log instead of sending it.
 * Says so wherever a page has just "sent" a link, so nobody waits for a mail that never comes.
 */
export function OutboxNotice({ what = "link", className }: { what?: string; className?: string }) {
  const { data: instance } = useInstance();
  if (instance?.mail_transport !== "outbox") return null;
  return (
    <Alert variant="warning" title="Mail is not configured on this server" className={className}>
      Nothing was emailed. The {what} was written to the server's outbox (
      <code className="font-medium font-mono text-[12px] text-ink">DATA_DIR/outbox</code>) and to its log: ask
      whoever runs Cairn, or set <code className="font-medium font-mono text-[12px] text-ink">SMTP_URL</code>{" "}
      to send mail.
    </Alert>
  );
}
