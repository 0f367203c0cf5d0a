import { PageHeader } from "@web/components/layout/page-header";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Card, CardDescription, CardTitle } from "@web/components/ui/card";
import { ComingSoon } from "@web/components/ui/coming-soon";
import { Skeleton } from "@web/components/ui/skeleton";
import { cn } from "@web/lib/cn";
import { DATABASE_LABELS, useInstance } from "@web/lib/instance";
import { Building2, Cpu, KeyRound, type LucideIcon, ScrollText, Server, UserPlus, Users } from "lucide-react";
import type { ReactNode } from "react";

interface SettingsSection {
  icon: LucideIcon;
  title: string;
  description: string;
  points: string[];
}

const SECTIONS: SettingsSection[] = [
  {
    icon: Building2,
    title: "Organization",
    description: "Your workspace's name, address and defaults.",
    points: ["Name, URL slug and logo", "Default time zone and fiscal quarters", "Data retention"],
  },
  {
    icon: Users,
    title: "Members",
    description: "Who can use this workspace, and what they may do.",
    points: [
      "Invite colleagues and client guests",
      "Roles: owner, admin, member, guest",
      "Groups for sharing goals and projects",
    ],
  },
  {
    icon: KeyRound,
    title: "API keys",
    description: "Programmatic access for scripts and integrations.",
    points: [
      "Create keys scoped to this organization",
      "See when each key was last used",
      "Revoke at any time",
    ],
  },
  {
    icon: Cpu,
    title: "AI providers",
    description: "Which models answer, and how much they may spend.",
    points: [
      "OpenAI, Anthropic, Bedrock, Mistral or a local server",
      "Routing by task, with fallbacks",
      "Monthly budgets and cost tracking",
    ],
  },
  {
    icon: ScrollText,
    title: "Audit log",
    description: "Every change, who made it and when.",
    points: [
      "Before and after values for each change",
      "Filter by person, module or date",
      "Export for reviews",
    ],
  },
];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-ink-muted text-xs">{label}</dt>
      <dd className="mt-1 break-words font-medium text-ink text-sm">{children}</dd>
    </div>
  );
}

function InstanceCard() {
  const { data: instance, isPending, isError } = useInstance();
  const value = (content: ReactNode) => (isPending ? <Skeleton className="h-5 w-24" /> : content);
  return (
    <Card>
      <div className="flex items-start gap-4 p-5">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-lg border border-border bg-subtle text-ink-soft">
          <Server className="size-5" strokeWidth={1.75} aria-hidden="true" />
        </div>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <CardTitle>This installation</CardTitle>
            {isError ? <Badge variant="danger">Unavailable</Badge> : null}
          </div>
          <CardDescription>
            What this Cairn server is running on. Configured by whoever runs the server.
          </CardDescription>
          <dl className="mt-5 grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-4">
            <Fact label="Name">{value(instance?.name ?? "—")}</Fact>
            <Fact label="Version">{value(instance ? `v${instance.version}` : "—")}</Fact>
            <Fact label="Database">{value(instance ? DATABASE_LABELS[instance.database] : "—")}</Fact>
            <Fact label="Search">
              {value(instance ? (instance.vector_search ? "Full-text + semantic" : "Full-text only") : "—")}
            </Fact>
          </dl>
        </div>
      </div>
    </Card>
  );
}

function SectionCard({ section }: { section: SettingsSection }) {
  const Icon = section.icon;
  return (
    <Card className="flex flex-col">
      <div className="flex items-start gap-4 p-5">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-lg border border-border bg-subtle text-ink-soft">
          <Icon className="size-5" strokeWidth={1.75} aria-hidden="true" />
        </div>
        <div className="min-w-0 flex-1">
          <div className="flex items-start justify-between gap-3">
            <CardTitle>{section.title}</CardTitle>
            <Badge variant="neutral">Available soon</Badge>
          </div>
          <CardDescription className="mt-0.5">{section.description}</CardDescription>
          <ul className="mt-4 space-y-2">
            {section.points.map((point) => (
              <li key={point} className="flex items-start gap-2.5 text-ink-soft text-sm">
                <span
                  className="mt-[7px] size-1.5 shrink-0 rounded-full bg-border-strong"
                  aria-hidden="true"
                />
                {point}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Card>
  );
}

export function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Manage your organization, its people, programmatic access and AI providers."
        actions={
          <ComingSoon>
            <Button disabled title="Coming soon">
              <UserPlus aria-hidden="true" />
              Invite members
            </Button>
          </ComingSoon>
        }
      />
      <div className="space-y-8">
        <InstanceCard />
        <section aria-labelledby="settings-workspace">
          <h2 id="settings-workspace" className="font-semibold text-base text-ink">
            Workspace
          </h2>
          <p className="mt-1 text-ink-muted text-sm">
            These settings open up as accounts and organizations arrive.
          </p>
          <div className={cn("mt-4 grid gap-4 lg:grid-cols-2")}>
            {SECTIONS.map((section) => (
              <SectionCard key={section.title} section={section} />
            ))}
          </div>
        </section>
      </div>
    </>
  );
}
