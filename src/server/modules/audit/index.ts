export { type AuditChange, recordAudit, systemScope } from "./audit.service";
