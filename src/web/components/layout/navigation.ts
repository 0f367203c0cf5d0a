import { BookOpen, FolderKanban, type LucideIcon, MessagesSquare, Settings, Target } from "lucide-react";

export interface NavItem {
  to: "/goals" | "/projects" | "/knowledge" | "/conversations" | "/settings";
  label: string;
  icon: LucideIcon;
}

export const MAIN_NAV: NavItem[] = [
  { to: "/goals", label: "Goals", icon: Target },
  { to: "/projects", label: "Projects", icon: FolderKanban },
  { to: "/knowledge", label: "Knowledge", icon: BookOpen },
  { to: "/conversations", label: "Conversations", icon: MessagesSquare },
];

export const SECONDARY_NAV: NavItem[] = [{ to: "/settings", label: "Settings", icon: Settings }];
