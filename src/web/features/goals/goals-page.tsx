import { PageHeader } from "@web/components/layout/page-header";
import { Button } from "@web/components/ui/button";
import { ComingSoon } from "@web/components/ui/coming-soon";
import { EmptyState } from "@web/components/ui/empty-state";
import { Highlights } from "@web/components/ui/highlights";
import { Bot, CalendarClock, ListChecks, Plus, Target } from "lucide-react";

export function GoalsPage() {
  return (
    <>
      <PageHeader
        title="Goals"
        description="90-day objectives, key results and tasks, with check-ins and an AI coach."
        actions={
          <ComingSoon>
            <Button disabled title="Coming soon">
              <Plus aria-hidden="true" />
              New objective
            </Button>
          </ComingSoon>
        }
      />
      <EmptyState
        icon={Target}
        title="No objectives yet"
        description={
          <p>
            Plan each quarter as a few objectives, the key results that prove them and the tasks that move
            them forward. Weekly check-ins show what is on track and what is slipping, and the AI coach
            reviews your plan and proposes changes you accept or reject.
          </p>
        }
        footer={
          <Highlights
            heading="What you will do here"
            items={[
              {
                icon: ListChecks,
                title: "Objectives, key results, tasks",
                description:
                  "Set 90-day objectives, score key results from 0 to 1, and break them into tasks.",
              },
              {
                icon: CalendarClock,
                title: "Check-ins and time blocks",
                description:
                  "Record progress each week, block focus time and subscribe to it from your calendar.",
              },
              {
                icon: Bot,
                title: "AI coach",
                description: "Ask for a review of your plan; the coach suggests edits and you decide.",
              },
            ]}
          />
        }
      />
    </>
  );
}
