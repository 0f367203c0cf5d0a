export { auditRoutes } from "./audit.routes";
export {
  type AuditChange,
  type AuditScope,
  type AuditService,
  createAuditService,
  recordAudit,
  systemScope,
} from "./audit.service";
