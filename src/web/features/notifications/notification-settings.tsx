import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Checkbox } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { toast } from "@web/components/ui/toast";
import { SettingsCard } from "@web/features/settings/settings-ui";
import { api } from "@web/lib/api";
import { formErrorOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";

// Which notifications are also mailed (GET/PATCH /notifications/settings). Every notification
// shows under the bell whatever is chosen here; the choice is per organization.

type EmailChoices = Record<string, boolean>;

const KINDS: { kind: string; label: string; description: string }[] = [
  { kind: "mention", label: "Mentions", description: "Someone @mentions you in a comment." },
  { kind: "comment", label: "Comments", description: "Someone comments on an objective you own." },
  { kind: "share", label: "Shares", description: "An objective is shared with you or your group." },
  { kind: "transfer", label: "Hand-overs", description: "An objective is handed to you to own." },
  {
    kind: "check_in_reminder",
    label: "Check-in reminders",
    description: "Once a week, when key results you own went a week without an update.",
  },
];

const settingsKey = ["notifications", "settings"] as const;

export function NotificationSettingsCard() {
  const { activeOrg } = useSession();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: [...settingsKey, activeOrg?.id],
    queryFn: ({ signal }) => api.get<{ email: EmailChoices }>("/notifications/settings", { signal }),
    enabled: Boolean(activeOrg),
  });
  const save = useMutation({
    mutationFn: (email: EmailChoices) =>
      api.patch<{ email: EmailChoices }>("/notifications/settings", { email }),
    onSuccess: (saved) => {
      queryClient.setQueryData([...settingsKey, activeOrg?.id], saved);
      toast.success("Notification settings saved");
    },
    onError: (error) =>
      toast.error("Could not save your notification settings", { description: formErrorOf(error) }),
  });
  if (!activeOrg) return null;
  const email = settings.data?.email;

  return (
    <SettingsCard
      id="notifications"
      title="Notifications"
      description={
        <>
          Everything you are notified of in{" "}
          <strong className="font-medium text-ink-soft">{activeOrg.name}</strong> shows under the bell. Choose
          what is also sent to you by email.
        </>
      }
    >
      <fieldset className="space-y-3" aria-busy={settings.isPending}>
        <legend className="mb-1 font-medium text-ink text-sm">Email me when</legend>
        {settings.isError ? (
          <p className="text-danger-700 text-sm">Could not load your notification settings.</p>
        ) : !email ? (
          KINDS.map((entry) => <Skeleton key={entry.kind} className="h-9 max-w-md" />)
        ) : (
          KINDS.filter((entry) => entry.kind in email).map((entry) => (
            <Checkbox
              key={entry.kind}
              label={entry.label}
              description={entry.description}
              checked={email[entry.kind]}
              disabled={save.isPending}
              onChange={(event) => save.mutate({ [entry.kind]: event.target.checked })}
            />
          ))
        )}
      </fieldset>
    </SettingsCard>
  );
}
