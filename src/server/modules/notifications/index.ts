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
