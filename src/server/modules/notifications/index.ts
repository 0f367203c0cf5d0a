export { notificationsRoutes } from "./notifications.routes";
export {
  type CommentPayload,
  createNotificationsService,
  type NotificationDraft,
  type NotificationsService,
  type Notify,
  type ReminderPayload,
  type SharePayload,
} from "./notifications.service";
