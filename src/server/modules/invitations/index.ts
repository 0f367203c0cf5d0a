export { invitationsRoutes } from "./invitations.routes";
export {
  createInvitationsService,
  type InvitationStatus,
  type InvitationsService,
  invitationStatus,
} from "./invitations.service";
