import type { OrgRole } from "@shared/api";
import { Badge } from "@web/components/ui/badge";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@web/lib/format";
import { Crown } from "lucide-react";

/** A member's org role. Owners stand out; the rest are quiet. */
export function RoleBadge({ role, subtle = false }: { role: OrgRole; subtle?: boolean }) {
  if (subtle) {
    return <span className="shrink-0 text-ink-faint text-xs">{ROLE_LABELS[role]}</span>;
  }
  return (
    <Badge
      variant={role === "owner" ? "accent" : role === "guest" ? "outline" : "neutral"}
      title={ROLE_DESCRIPTIONS[role]}
    >
      {role === "owner" ? <Crown aria-hidden="true" /> : null}
      {ROLE_LABELS[role]}
    </Badge>
  );
}
