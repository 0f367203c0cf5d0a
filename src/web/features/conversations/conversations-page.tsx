import { PageHeader } from "@web/components/layout/page-header";
import { Button } from "@web/components/ui/button";
import { ComingSoon } from "@web/components/ui/coming-soon";
import { EmptyState } from "@web/components/ui/empty-state";
import { Highlights } from "@web/components/ui/highlights";
import { GitBranch, MessagesSquare, Plus, Radio, UsersRound } from "lucide-react";

export function ConversationsPage() {
  return (
    <>
      <PageHeader
        title="Conversations"
        description="Talk with AI personas, one to one or as a panel, and keep every thread."
        actions={
          <ComingSoon>
            <Button disabled title="Coming soon">
              <Plus aria-hidden="true" />
              New conversation
            </Button>
          </ComingSoon>
        }
      />
      <EmptyState
        icon={MessagesSquare}
        title="No conversations yet"
        description={
          <p>
            Set up personas — a sceptical CFO, a change-management coach, your client's CTO — and talk to one
            or several at once. Branch a thread to explore another answer; replies stream live to every open
            window, and analytics show how conversations are used.
          </p>
        }
        footer={
          <Highlights
            heading="What you will do here"
            items={[
              {
                icon: UsersRound,
                title: "Personas",
                description: "Give each persona a role, a voice and the model it should answer with.",
              },
              {
                icon: GitBranch,
                title: "Threads and branches",
                description: "Fork any message to try another direction without losing the original.",
              },
              {
                icon: Radio,
                title: "Live everywhere",
                description: "Replies stream as they are written, in every browser tab you have open.",
              },
            ]}
          />
        }
      />
    </>
  );
}
