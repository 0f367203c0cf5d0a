import { PageHeader } from "@web/components/layout/page-header";
import { Button } from "@web/components/ui/button";
import { ComingSoon } from "@web/components/ui/coming-soon";
import { EmptyState } from "@web/components/ui/empty-state";
import { Highlights } from "@web/components/ui/highlights";
import { FolderKanban, MessageSquareText, Plus, ShieldAlert, Wallet } from "lucide-react";

export function ProjectsPage() {
  return (
    <>
      <PageHeader
        title="Projects"
        description="Client projects with RAID logs, timelines and budgets, in one place."
        actions={
          <ComingSoon>
            <Button disabled title="Coming soon">
              <Plus aria-hidden="true" />
              New project
            </Button>
          </ComingSoon>
        }
      />
      <EmptyState
        icon={FolderKanban}
        title="No projects yet"
        description={
          <p>
            Each project keeps its risks, actions, issues, decisions, deliverables and milestones together,
            with status indicators that flag what is late or at risk. Follow the timeline, log time against
            the budget and see the burn as it happens.
          </p>
        }
        footer={
          <Highlights
            heading="What you will do here"
            items={[
              {
                icon: ShieldAlert,
                title: "RAID log",
                description:
                  "Risks, actions, issues and decisions with owners, due dates and a clear status for each.",
              },
              {
                icon: Wallet,
                title: "Budget and burn",
                description: "Timesheets roll up into spend, so burn against budget is always current.",
              },
              {
                icon: MessageSquareText,
                title: "Project assistant",
                description:
                  "Ask what is overdue or at risk and get answers drawn from the project's own log.",
              },
            ]}
          />
        }
      />
    </>
  );
}
