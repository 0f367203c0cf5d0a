import type { ScheduledJob } from "../../jobs/scheduler";
import type { NotificationsService } from "./notifications.service";

export { notificationsRoutes } from "./notifications.routes";
export {
  type BudgetAlertPayload,
  type CommentPayload,
  createNotificationsService,
  type NotificationDraft,
  type NotificationEvents,
  type NotificationsService,
  type NotificationView,
  type Notify,
  type ReminderPayload,
  type SharePayload,
  type TransferPayload,
  toNotification,
} from "./notifications.service";

/** Every half minute: mail that a restart left unsent, and retries that are due. */
export function notificationsJobs(notifications: NotificationsService): ScheduledJob[] {
  return [
    {
      name: "notifications.mail",
      everyMs: 30_000,
      firstRunAfterMs: 10_000,
      run: () => notifications.sendDueMail(),
    },
  ];
}
