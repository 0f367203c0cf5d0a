import { Button } from "@web/components/ui/button";
import { EmptyState } from "@web/components/ui/empty-state";
import { Highlights } from "@web/components/ui/highlights";
import { useSession } from "@web/lib/session";
import { Building2, MailOpen, Plus, ShieldCheck, Users } from "lucide-react";
import { useState } from "react";
import { CreateOrganizationDialog } from "./create-organization-dialog";

/** What someone who belongs to no organization sees instead of a module page. */
export function NoOrganization() {
  const { user } = useSession();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <header className="mb-8">
        <h1 className="font-semibold text-2xl text-ink tracking-tight">Welcome, {user.name.split(" ")[0]}</h1>
        <p className="mt-1.5 max-w-2xl text-ink-muted text-sm leading-relaxed">
          Everything in Cairn lives in an organization: its members, goals, projects and knowledge.
        </p>
      </header>
      <EmptyState
        icon={Building2}
        title="You're not in an organization yet"
        description={
          <p>
            Create one for your company or team and invite colleagues, or wait for an invitation: when someone
            invites <span className="font-medium text-ink">{user.email}</span>, open the link in their mail to
            join.
          </p>
        }
        action={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Create an organization
          </Button>
        }
        footer={
          <Highlights
            heading="How organizations work"
            items={[
              {
                icon: Users,
                title: "Members and roles",
                description: "Owners and admins invite people as admins, members or client guests.",
              },
              {
                icon: MailOpen,
                title: "Invitations",
                description:
                  "An invitation is a link sent by mail, valid for a limited time, for one address.",
              },
              {
                icon: ShieldCheck,
                title: "Separate by design",
                description:
                  "Each organization's data is walled off from every other's, down to the database.",
              },
            ]}
          />
        }
      />
      <CreateOrganizationDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
