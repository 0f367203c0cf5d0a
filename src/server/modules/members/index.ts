export { membersRoutes } from "./members.routes";
export {
  createMembersService,
  type MemberDepartureHook,
  type MemberRow,
  type MembersService,
} from "./members.service";
