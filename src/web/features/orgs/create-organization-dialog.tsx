import { useNavigate } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useCreateOrg } from "@web/lib/orgs";
import { useState } from "react";

/** Name a new organization; you become its owner and it becomes the one you act in. */
export function CreateOrganizationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Create an organization"
      description="A separate workspace with its own members, goals, projects and knowledge. You'll be its owner."
      size="sm"
    >
      <CreateOrganizationForm onDone={onClose} />
    </Dialog>
  );
}

function CreateOrganizationForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState("");
  const create = useCreateOrg();
  const navigate = useNavigate();
  const errors = fieldErrorsOf(create.error);
  const formError = formErrorOf(create.error, ["name"]);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(name.trim(), {
          onSuccess: (org) => {
            toast.success(`${org.name} is ready`, {
              description: "You're its owner. Invite your team from Members.",
            });
            onDone();
            void navigate({ to: "/goals" });
          },
        });
      }}
      className="space-y-4"
    >
      {formError ? (
        <Alert variant="danger" live>
          {formError}
        </Alert>
      ) : null}
      <Field label="Organization name" error={errors.name} hint="Your company, team or client engagement.">
        {(control) => (
          <Input
            {...control}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Acme Consulting"
            maxLength={80}
            required
            autoComplete="organization"
            autoFocus
          />
        )}
      </Field>
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || name.trim().length === 0}>
          {create.isPending ? <Spinner /> : null}
          Create organization
        </Button>
      </DialogFooter>
    </form>
  );
}
