import type { Group } from "@shared/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Button } from "@web/components/ui/button";
import { Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, Textarea } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { api } from "@web/lib/api";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { useState } from "react";

/** Create a group; on success it opens the new group so members can be added. */
export function CreateGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New group"
      description="A team or practice you can share goals, projects and knowledge with in one go."
    >
      <CreateGroupForm onDone={onClose} />
    </Dialog>
  );
}

function CreateGroupForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation({
    mutationFn: () => api.post<Group>("/groups", { name: name.trim(), description: description.trim() }),
    onSuccess: async (group) => {
      toast.success(`${group.name} created`, { description: "Now add its members." });
      await queryClient.invalidateQueries({ queryKey: ["groups"] });
      onDone();
      await navigate({ to: "/settings/groups/$groupId", params: { groupId: group.id } });
    },
  });
  const errors = fieldErrorsOf(create.error);
  const message = formErrorOf(create.error, ["name", "description"]);
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      {message ? (
        <Alert variant="danger" live>
          {message}
        </Alert>
      ) : null}
      <Field label="Name" error={errors.name}>
        {(control) => (
          <Input
            {...control}
            required
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Strategy practice"
            autoFocus
          />
        )}
      </Field>
      <Field label="Description" error={errors.description} hint="Optional. Who's in it and what it's for.">
        {(control) => (
          <Textarea
            {...control}
            maxLength={500}
            rows={3}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        )}
      </Field>
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || !name.trim()}>
          {create.isPending ? <Spinner /> : null}
          Create group
        </Button>
      </DialogFooter>
    </form>
  );
}
