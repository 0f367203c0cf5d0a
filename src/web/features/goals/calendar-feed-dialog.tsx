import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { CopyButton } from "@web/components/ui/copy-button";
import { Dialog } from "@web/components/ui/dialog";
import { Input } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { request } from "@web/lib/api";
import { formErrorOf } from "@web/lib/form";
import { formatRelative } from "@web/lib/format";
import { CalendarCheck2 } from "lucide-react";
import { useState } from "react";
import { calendarFeedQuery, goalsKeys } from "./goals-api";

/**
 * The private iCalendar feed of your time blocks. The server shows the URL only when it is
 * created (it is the credential), so an existing feed can be regenerated or revoked, not read.
 */
export function CalendarFeedDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Subscribe in your calendar"
      description="Your time blocks as a private calendar feed for Google Calendar, Outlook or Apple Calendar. It updates as you plan."
    >
      <FeedBody />
    </Dialog>
  );
}

function FeedBody() {
  const queryClient = useQueryClient();
  const status = useQuery(calendarFeedQuery);
  const [url, setUrl] = useState<string | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: goalsKeys.calendarFeed });
  const rotate = useMutation({
    mutationFn: () =>
      request<{ url: string; created_at: string }>("/goals/calendar-feed", { method: "POST" }),
    onSuccess: (envelope) => {
      setUrl(envelope.data.url);
      void refresh();
    },
    onError: (error) => toast.error("Could not create the feed", { description: formErrorOf(error) }),
  });
  const revoke = useMutation({
    mutationFn: () => request<undefined>("/goals/calendar-feed", { method: "DELETE" }),
    onSuccess: () => {
      setUrl(null);
      setConfirmRevoke(false);
      toast.success("Calendar feed revoked", { description: "Calendars subscribed to it stop updating." });
      void refresh();
    },
    onError: (error) => toast.error("Could not revoke the feed", { description: formErrorOf(error) }),
  });

  if (status.isPending) return <Skeleton className="h-24" />;
  if (status.isError) return <Alert variant="danger">Could not check your calendar feed.</Alert>;

  if (url) {
    return (
      <div className="space-y-4">
        <Alert variant="success" title="Your feed URL">
          Copy it now: for your security it is shown only once. Anyone with the link can see your time blocks.
        </Alert>
        <div className="flex gap-2">
          <Input
            readOnly
            value={url}
            aria-label="Calendar feed URL"
            onFocus={(event) => event.target.select()}
          />
          <CopyButton value={url} size="md" />
        </div>
        <ul className="space-y-1 text-ink-muted text-sm">
          <li>
            <span className="font-medium text-ink-soft">Google Calendar:</span> Other calendars → + → From URL
          </li>
          <li>
            <span className="font-medium text-ink-soft">Outlook:</span> Add calendar → Subscribe from web
          </li>
          <li>
            <span className="font-medium text-ink-soft">Apple Calendar:</span> File → New Calendar
            Subscription, or{" "}
            <a className="font-medium text-accent-700 underline" href={url.replace(/^https?:/, "webcal:")}>
              open directly
            </a>
          </li>
        </ul>
      </div>
    );
  }

  if (!status.data.active) {
    return (
      <div className="space-y-4">
        <div className="flex items-start gap-3 rounded-lg border border-border bg-subtle p-4">
          <CalendarCheck2 className="mt-0.5 size-5 text-accent-700" aria-hidden="true" />
          <p className="text-ink-soft text-sm">
            Create a private link and add it to your calendar app. Blocks you plan here appear there within
            the app's refresh interval.
          </p>
        </div>
        <div className="flex justify-end">
          <Button onClick={() => rotate.mutate()} disabled={rotate.isPending}>
            {rotate.isPending ? <Spinner /> : null}
            Create feed URL
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <div className="rounded-lg border border-border p-4 text-sm">
        <p className="font-medium text-ink">Your feed is active</p>
        <p className="mt-1 text-ink-muted">
          Created {status.data.created_at ? formatRelative(status.data.created_at) : "earlier"}
          {status.data.last_used_at
            ? `, last read by a calendar ${formatRelative(status.data.last_used_at)}`
            : ", not read by a calendar yet"}
          . The URL was shown when it was created; regenerate it to get a new one (the old one stops working).
        </p>
      </div>
      {confirmRevoke ? (
        <Alert variant="warning" title="Revoke the feed?">
          <p>Calendars subscribed to it stop updating. You can create a new one at any time.</p>
          <div className="mt-3 flex gap-2">
            <Button size="sm" variant="danger" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
              {revoke.isPending ? <Spinner /> : null}
              Revoke
            </Button>
            <Button size="sm" variant="outline" onClick={() => setConfirmRevoke(false)}>
              Keep it
            </Button>
          </div>
        </Alert>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="outline" onClick={() => setConfirmRevoke(true)} disabled={confirmRevoke}>
          Revoke
        </Button>
        <Button onClick={() => rotate.mutate()} disabled={rotate.isPending}>
          {rotate.isPending ? <Spinner /> : null}
          Regenerate URL
        </Button>
      </div>
    </div>
  );
}
