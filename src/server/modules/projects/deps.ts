import type { Database } from "../../db";
import type { FileStorage } from "../../storage";
import type { AuditService } from "../audit";
import type { MembersService } from "../members";

/** What the Projects module's services are built from. */
export interface ProjectsDeps {
  db: Database;
  members: MembersService;
  audit: AuditService;
  storage: FileStorage;
  /** The clock: "today" for indicators and burn is its UTC date. */
  now: () => Date;
}
