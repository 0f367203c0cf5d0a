import type { CreatedInvitation, Invitation } from "@shared/api";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Pagination } from "@web/components/ui/pagination";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { toast } from "@web/components/ui/toast";
import { RoleBadge } from "@web/features/orgs/role-badge";
import { api, request } from "@web/lib/api";
import { formErrorOf } from "@web/lib/form";
import { formatDateTime, formatRelative } from "@web/lib/format";
import { Mail, RotateCw } from "lucide-react";
import { useState } from "react";
import { InlineEmpty, LoadError, TableSkeleton } from "./settings-ui";

const OUTBOX_HINT =
  "Mail isn't configured: the link was written to the server's outbox (DATA_DIR/outbox) and log.";

/** Invitations not yet accepted: pending ones can be resent or revoked, expired ones resent. */
export function InvitationsCard({ onInvite }: { onInvite: () => void }) {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const invitations = useQuery({
    queryKey: ["invitations", { page }],
    queryFn: ({ signal }) => request<Invitation[]>("/invitations", { query: { page, per_page: 10 }, signal }),
    placeholderData: keepPreviousData,
  });

  const resend = useMutation({
    mutationFn: (invitation: Invitation) =>
      api.post<CreatedInvitation>(`/invitations/${invitation.id}/resend`),
    onSuccess: async (sent) => {
      toast.success(`Sent a fresh invitation to ${sent.email}`, {
        description: sent.mail_transport === "outbox" ? OUTBOX_HINT : "The previous link no longer works.",
      });
      await queryClient.invalidateQueries({ queryKey: ["invitations"] });
    },
    onError: (error) => toast.error("Could not resend the invitation", { description: formErrorOf(error) }),
  });

  const revoke = useMutation({
    mutationFn: (invitation: Invitation) => api.delete(`/invitations/${invitation.id}`),
    onSuccess: async (_, invitation) => {
      setRevoking(null);
      toast.success(`Invitation to ${invitation.email} revoked`);
      await queryClient.invalidateQueries({ queryKey: ["invitations"] });
    },
  });

  const rows = invitations.data?.data ?? [];

  return (
    <section aria-labelledby="invitations-heading">
      <div className="mb-3 flex items-end justify-between gap-4">
        <div>
          <h3 id="invitations-heading" className="font-semibold text-[15px] text-ink">
            Pending invitations
          </h3>
          <p className="mt-0.5 text-ink-muted text-sm">
            People who were invited but haven't joined yet. Resending sends a new link and voids the old one.
          </p>
        </div>
      </div>
      <Card className="overflow-hidden">
        {invitations.isPending ? (
          <TableSkeleton rows={2} />
        ) : invitations.isError ? (
          <div className="p-5">
            <LoadError error={invitations.error} onRetry={() => void invitations.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          <InlineEmpty
            icon={Mail}
            title="No pending invitations"
            description="Invitations you send appear here until they're accepted."
            action={
              <Button variant="outline" size="sm" onClick={onInvite}>
                Invite people
              </Button>
            }
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Email</Th>
                <Th className="w-28">Role</Th>
                <Th className="hidden lg:table-cell">Invited by</Th>
                <Th className="w-36">Status</Th>
                <Th className="w-48">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((invitation) => {
                const resending = resend.isPending && resend.variables?.id === invitation.id;
                return (
                  <Tr key={invitation.id}>
                    <Td>
                      <p className="truncate font-medium text-ink">{invitation.email}</p>
                      <p className="text-ink-muted text-xs" title={formatDateTime(invitation.created_at)}>
                        Sent {formatRelative(invitation.created_at)}
                      </p>
                    </Td>
                    <Td>
                      <RoleBadge role={invitation.role} />
                    </Td>
                    <Td className="hidden text-ink-muted lg:table-cell">
                      {invitation.invited_by_name ?? "—"}
                    </Td>
                    <Td>
                      {invitation.status === "expired" ? (
                        <div title={`Expired ${formatDateTime(invitation.expires_at)}`}>
                          <Badge variant="warning">Expired</Badge>
                          <p className="mt-1 text-ink-muted text-xs">
                            {formatRelative(invitation.expires_at)}
                          </p>
                        </div>
                      ) : (
                        <span
                          className="text-ink-muted text-xs"
                          title={formatDateTime(invitation.expires_at)}
                        >
                          <Badge variant="accent" className="mr-1.5">
                            Pending
                          </Badge>
                          {formatRelative(invitation.expires_at).replace(/^in /, "")} left
                        </span>
                      )}
                    </Td>
                    <Td>
                      <div className="flex justify-end gap-1.5">
                        <Button
                          variant="outline"
                          size="sm"
                          disabled={resend.isPending}
                          onClick={() => resend.mutate(invitation)}
                          aria-label={`Resend invitation to ${invitation.email}`}
                        >
                          {resending ? <Spinner /> : <RotateCw aria-hidden="true" />}
                          Resend
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          className="text-danger-700 hover:bg-danger-50 hover:text-danger-700"
                          onClick={() => setRevoking(invitation)}
                          aria-label={`Revoke invitation to ${invitation.email}`}
                        >
                          Revoke
                        </Button>
                      </div>
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
        <Pagination
          meta={invitations.data?.meta}
          onPageChange={setPage}
          noun={["open invitation", "open invitations"]}
        />
      </Card>
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        pending={revoke.isPending}
        title="Revoke this invitation?"
        description={
          <>
            The link sent to <span className="font-medium text-ink">{revoking?.email}</span> stops working.
            You can invite them again later.
          </>
        }
        confirmLabel="Revoke invitation"
        error={
          revoke.error ? (
            <Alert variant="danger" live>
              {formErrorOf(revoke.error)}
            </Alert>
          ) : null
        }
      />
    </section>
  );
}
