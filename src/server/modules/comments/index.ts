export { commentsRoutes } from "./comments.routes";
export { type CommentsService, createCommentsService, MAX_MENTIONS } from "./comments.service";
