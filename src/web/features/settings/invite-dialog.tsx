import { outranksOrEquals } from "@core/permissions";
import type { CreatedInvitation, OrgRole } from "@shared/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { OutboxNotice } from "@web/features/auth/outbox-notice";
import { api } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { MailCheck } from "lucide-react";
import { useState } from "react";

const INVITABLE: OrgRole[] = ["admin", "member", "guest"];

/** Invite someone by email with a role; says plainly when the mail went to the outbox. */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [sent, setSent] = useState<CreatedInvitation | null>(null);
  function close() {
    setSent(null);
    onClose();
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title={sent ? "Invitation created" : "Invite people"}
      description={
        sent
          ? undefined
          : "They'll get a link by email to join this organization. It works for their address only."
      }
    >
      {sent ? (
        <InviteSent invitation={sent} onAnother={() => setSent(null)} onDone={close} />
      ) : (
        <InviteForm onSent={setSent} onCancel={close} />
      )}
    </Dialog>
  );
}

function InviteForm({
  onSent,
  onCancel,
}: {
  onSent: (invitation: CreatedInvitation) => void;
  onCancel: () => void;
}) {
  const { role: myRole } = useSession();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<OrgRole>("member");
  const roles = INVITABLE.filter((candidate) => myRole && outranksOrEquals(myRole, candidate));
  const invite = useMutation({
    mutationFn: () => api.post<CreatedInvitation>("/invitations", { email: email.trim(), role }),
    onSuccess: async (invitation) => {
      await queryClient.invalidateQueries({ queryKey: ["invitations"] });
      if (invitation.mail_transport === "outbox") {
        onSent(invitation);
      } else {
        toast.success(`Invitation sent to ${invitation.email}`);
        onCancel();
      }
    },
  });
  const errors = fieldErrorsOf(invite.error);
  const message = formErrorOf(invite.error, ["email", "role"]);

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        invite.mutate();
      }}
    >
      {message ? (
        <Alert variant="danger" live>
          {message}
        </Alert>
      ) : null}
      <Field label="Email address" error={errors.email}>
        {(control) => (
          <Input
            {...control}
            type="email"
            autoComplete="off"
            required
            maxLength={254}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            placeholder="colleague@company.com"
            autoFocus
          />
        )}
      </Field>
      <fieldset>
        <legend className="mb-2 font-medium text-ink text-sm">Role</legend>
        <div className="space-y-2">
          {roles.map((candidate) => (
            <label
              key={candidate}
              className={cn(
                "flex cursor-pointer items-start gap-3 rounded-lg border px-3.5 py-3 transition-colors",
                role === candidate
                  ? "border-accent-600 bg-accent-50/60 ring-1 ring-accent-600"
                  : "border-border hover:border-border-strong hover:bg-subtle",
              )}
            >
              <input
                type="radio"
                name="role"
                value={candidate}
                checked={role === candidate}
                onChange={() => setRole(candidate)}
                className="mt-0.5 size-4 accent-accent-700"
              />
              <span>
                <span className="block font-medium text-ink text-sm">{ROLE_LABELS[candidate]}</span>
                <span className="block text-ink-muted text-xs leading-relaxed">
                  {ROLE_DESCRIPTIONS[candidate]}
                </span>
              </span>
            </label>
          ))}
        </div>
        {errors.role ? <p className="mt-1.5 text-danger-700 text-xs">{errors.role}</p> : null}
      </fieldset>
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={invite.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={invite.isPending || !email.trim()}>
          {invite.isPending ? <Spinner /> : null}
          Send invitation
        </Button>
      </DialogFooter>
    </form>
  );
}

function InviteSent({
  invitation,
  onAnother,
  onDone,
}: {
  invitation: CreatedInvitation;
  onAnother: () => void;
  onDone: () => void;
}) {
  return (
    <div className="space-y-4">
      <div className="flex items-start gap-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg border border-success-700/20 bg-success-50 text-success-700">
          <MailCheck className="size-[18px]" aria-hidden="true" />
        </span>
        <p className="text-ink-soft text-sm leading-relaxed">
          <span className="font-medium text-ink">{invitation.email}</span> is invited as{" "}
          {ROLE_LABELS[invitation.role].toLowerCase()}. The invitation appears under pending invitations until
          they accept it.
        </p>
      </div>
      <OutboxNotice what="invitation link" />
      <DialogFooter>
        <Button variant="outline" onClick={onAnother}>
          Invite someone else
        </Button>
        <Button onClick={onDone} autoFocus>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}
