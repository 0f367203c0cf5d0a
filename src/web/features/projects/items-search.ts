import {
  INDICATORS,
  type Indicator,
  ITEM_GROUPS,
  ITEM_STATUSES,
  ITEM_TYPES,
  type ItemGroup,
  type ItemStatus,
  type ItemType,
  PRIORITIES,
  type Priority,
} from "@core/raid";
import { ITEM_SORTS, type ItemSort } from "./projects-api";

/** Search params are untrusted strings; anything else is dropped. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim().length > 0 ? value : undefined;
}

/** A comma-separated list of known values ("risk,issue"), unknown ones dropped. */
export function listOf<T extends string>(value: unknown, allowed: readonly T[]): T[] | undefined {
  const values = text(value)
    ?.split(",")
    .filter((candidate): candidate is T => (allowed as readonly string[]).includes(candidate));
  return values && values.length > 0 ? values : undefined;
}

function positive(value: unknown): number | undefined {
  const number = typeof value === "number" ? value : Number(text(value));
  return Number.isInteger(number) && number > 1 ? number : undefined;
}

/** The Items tab's state lives in the URL, so a filtered view can be shared and survives reloads. */
export interface ItemsSearch {
  q?: string;
  type?: string;
  status?: string;
  priority?: string;
  indicator?: string;
  assignee?: string;
  tag?: string;
  sort?: ItemSort;
  order?: "asc" | "desc";
  page?: number;
  group?: ItemGroup;
  /** The item open in the drawer. */
  item?: string;
}

export function validateItemsSearch(search: Record<string, unknown>): ItemsSearch {
  const sort = text(search.sort);
  const group = text(search.group);
  return {
    q: text(search.q),
    type: listOf<ItemType>(search.type, ITEM_TYPES)?.join(","),
    status: listOf<ItemStatus>(search.status, ITEM_STATUSES)?.join(","),
    priority: listOf<Priority>(search.priority, PRIORITIES)?.join(","),
    indicator: listOf<Indicator>(search.indicator, INDICATORS)?.join(","),
    assignee: text(search.assignee),
    tag: text(search.tag),
    sort: ITEM_SORTS.find((candidate) => candidate === sort),
    order: search.order === "desc" ? "desc" : search.order === "asc" ? "asc" : undefined,
    page: positive(search.page),
    group: ITEM_GROUPS.find((candidate) => candidate === group),
    item: text(search.item),
  };
}
