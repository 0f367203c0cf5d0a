import type { CurrentOrganization, Member } from "@shared/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Field, Input, Select } from "@web/components/ui/input";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { RoleBadge } from "@web/features/orgs/role-badge";
import { api } from "@web/lib/api";
import { fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { formatDate } from "@web/lib/format";
import { DATABASE_LABELS, useInstance } from "@web/lib/instance";
import { meQuery, useSession } from "@web/lib/session";
import { type ReactNode, useEffect, useState } from "react";
import { LoadError, RequirePermission, SettingsCard, SettingsHeader } from "./settings-ui";

export const currentOrgQuery = {
  queryKey: ["org", "current"] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<CurrentOrganization>("/orgs/current", { signal }),
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-ink-muted text-xs">{label}</dt>
      <dd className="mt-1 break-words font-medium text-ink text-sm">{children}</dd>
    </div>
  );
}

function DetailsCard({ org }: { org: CurrentOrganization }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(org.name);
  useEffect(() => setName(org.name), [org.name]);
  const rename = useMutation({
    mutationFn: (next: string) => api.patch<CurrentOrganization>("/orgs/current", { name: next }),
    onSuccess: async () => {
      toast.success("Organization renamed");
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["org"] }),
        queryClient.invalidateQueries({ queryKey: meQuery.queryKey }),
      ]);
    },
  });
  const editable = can("org.update");
  const errors = fieldErrorsOf(rename.error);
  const message = formErrorOf(rename.error, ["name"]);
  const changed = name.trim() !== org.name && name.trim().length > 0;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (changed) rename.mutate(name.trim());
      }}
    >
      <SettingsCard
        title="Details"
        description="How this organization appears to its members, in invitations and in mails."
        footer={
          editable ? (
            <Button type="submit" disabled={!changed || rename.isPending}>
              {rename.isPending ? <Spinner /> : null}
              Save changes
            </Button>
          ) : (
            <p className="mr-auto text-ink-muted text-sm">
              Only owners and admins can rename the organization.
            </p>
          )
        }
      >
        <div className="space-y-5">
          {message ? (
            <Alert variant="danger" live>
              {message}
            </Alert>
          ) : null}
          <Field label="Name" error={errors.name} className="max-w-md">
            {(control) => (
              <Input
                {...control}
                value={name}
                maxLength={80}
                readOnly={!editable}
                required
                onChange={(event) => setName(event.target.value)}
              />
            )}
          </Field>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-4">
            <Fact label="Address">
              <code className="font-mono text-[13px]">{org.slug}</code>
            </Fact>
            <Fact label="Members">{org.member_count}</Fact>
            <Fact label="Created">{formatDate(org.created_at)}</Fact>
            <Fact label="Your role">
              <RoleBadge role={org.role} />
            </Fact>
          </dl>
        </div>
      </SettingsCard>
    </form>
  );
}

function TransferOwnershipCard({ org }: { org: CurrentOrganization }) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const members = useQuery({
    queryKey: ["members", "all-for-transfer"],
    queryFn: ({ signal }) => api.get<Member[]>("/members", { query: { per_page: 100 }, signal }),
  });
  const candidates = (members.data ?? []).filter((member) => member.user_id !== user.id);
  const target = candidates.find((member) => member.user_id === userId);
  const transfer = useMutation({
    mutationFn: () => api.post("/orgs/current/transfer-ownership", { user_id: userId }),
    onSuccess: async () => {
      setConfirming(false);
      toast.success(`${target?.name ?? "They"} now own${target ? "s" : ""} ${org.name}`, {
        description: "You're an admin now.",
      });
      setUserId("");
      await queryClient.invalidateQueries();
    },
  });

  return (
    <SettingsCard
      title="Transfer ownership"
      description="Make another member the owner. You'll become an admin, and only the new owner can transfer it back."
      footer={
        candidates.length > 0 ? (
          <Button variant="outline" disabled={!target} onClick={() => setConfirming(true)}>
            Transfer ownership
          </Button>
        ) : undefined
      }
    >
      {members.isPending ? (
        <Skeleton className="h-9 w-full max-w-md" />
      ) : candidates.length === 0 ? (
        <p className="text-ink-muted text-sm">
          Invite someone first: there's nobody else in this organization yet.
        </p>
      ) : (
        <Field label="New owner" className="max-w-md">
          {(control) => (
            <Select {...control} value={userId} onChange={(event) => setUserId(event.target.value)}>
              <option value="">Choose a member…</option>
              {candidates.map((member) => (
                <option key={member.user_id} value={member.user_id}>
                  {member.name} ({member.email})
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      <ConfirmDialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          transfer.reset();
        }}
        onConfirm={() => transfer.mutate()}
        pending={transfer.isPending}
        title={`Transfer ${org.name} to ${target?.name ?? "this member"}?`}
        description="They become the owner and you become an admin. You can't undo this yourself."
        confirmLabel="Transfer ownership"
        error={
          transfer.error ? (
            <Alert variant="danger" live>
              {formErrorOf(transfer.error)}
            </Alert>
          ) : null
        }
      />
    </SettingsCard>
  );
}

function LeaveCard({ org }: { org: CurrentOrganization }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const leave = useMutation({
    mutationFn: () => api.post("/members/leave"),
    onSuccess: async () => {
      setConfirming(false);
      toast.success(`You left ${org.name}`);
      await queryClient.invalidateQueries();
      await queryClient.fetchQuery(meQuery);
      await navigate({ to: "/goals" });
    },
  });
  const owner = org.role === "owner";
  return (
    <>
      <SettingsCard
        title="Leave organization"
        tone="danger"
        description={
          owner
            ? "You own this organization. Transfer ownership to another member before you leave."
            : "You'll lose access to its goals, projects, knowledge and conversations until someone invites you again."
        }
        footer={
          <Button variant="danger" disabled={owner} onClick={() => setConfirming(true)}>
            Leave {org.name}
          </Button>
        }
      />
      <ConfirmDialog
        open={confirming}
        onClose={() => {
          setConfirming(false);
          leave.reset();
        }}
        onConfirm={() => leave.mutate()}
        pending={leave.isPending}
        title={`Leave ${org.name}?`}
        description="You'll lose access right away. To come back, someone will have to invite you again."
        confirmLabel="Leave organization"
        error={
          leave.error ? (
            <Alert variant="danger" live>
              {formErrorOf(leave.error)}
            </Alert>
          ) : null
        }
      />
    </>
  );
}

function InstanceCard() {
  const { data: instance } = useInstance();
  return (
    <SettingsCard
      title="This installation"
      description="What this Cairn server runs on. Set by whoever runs the server, for every organization on it."
    >
      <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-4">
        <Fact label="Name">{instance?.name ?? "—"}</Fact>
        <Fact label="Version">{instance ? `v${instance.version}` : "—"}</Fact>
        <Fact label="Database">{instance ? DATABASE_LABELS[instance.database] : "—"}</Fact>
        <Fact label="Mail">
          {instance ? (
            instance.mail_transport === "smtp" ? (
              "SMTP"
            ) : (
              <Badge variant="warning" title="Mails are written to DATA_DIR/outbox and the log">
                Outbox only
              </Badge>
            )
          ) : (
            "—"
          )}
        </Fact>
      </dl>
    </SettingsCard>
  );
}

export function OrganizationPage() {
  return (
    <RequirePermission action="org.read" what="organization settings">
      <OrganizationSettings />
    </RequirePermission>
  );
}

function OrganizationSettings() {
  const { role } = useSession();
  const org = useQuery(currentOrgQuery);
  return (
    <>
      <SettingsHeader title="General" description="The organization's name, ownership and your membership." />
      {org.isPending ? (
        <div className="space-y-6">
          <Skeleton className="h-64 w-full rounded-xl" />
          <Skeleton className="h-40 w-full rounded-xl" />
        </div>
      ) : org.isError ? (
        <LoadError error={org.error} onRetry={() => void org.refetch()} />
      ) : (
        <div className="space-y-6">
          <DetailsCard org={org.data} />
          {role === "owner" ? <TransferOwnershipCard org={org.data} /> : null}
          <InstanceCard />
          <LeaveCard org={org.data} />
        </div>
      )}
    </>
  );
}
