CREATE TABLE "project_chat_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"citations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answered_by" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_chat_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "project_chat_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_chat_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_timesheet_entries" ADD COLUMN "billing_role" text;--> statement-breakpoint
ALTER TABLE "project_chat_messages" ADD CONSTRAINT "project_chat_messages_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_chat_messages" ADD CONSTRAINT "project_chat_messages_session_id_project_chat_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."project_chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_chat_sessions" ADD CONSTRAINT "project_chat_sessions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_chat_sessions" ADD CONSTRAINT "project_chat_sessions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_chat_sessions" ADD CONSTRAINT "project_chat_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_chat_messages_session_idx" ON "project_chat_messages" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "project_chat_sessions_owner_idx" ON "project_chat_sessions" USING btree ("project_id","user_id","updated_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "project_chat_messages" AS PERMISSIVE FOR ALL TO "cairn_app" USING ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "owner_only" ON "project_chat_messages" AS RESTRICTIVE FOR ALL TO "cairn_app" USING (session_id in (select id from project_chat_sessions)) WITH CHECK (session_id in (select id from project_chat_sessions));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "project_chat_sessions" AS PERMISSIVE FOR ALL TO "cairn_app" USING ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "owner_only" ON "project_chat_sessions" AS RESTRICTIVE FOR ALL TO "cairn_app" USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid) WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
-- Hours logged so far keep the billing role their person has now (the role that priced them until today).
UPDATE "project_timesheet_entries" AS "entry" SET "billing_role" = "member"."billing_role" FROM "project_members" AS "member" WHERE "member"."project_id" = "entry"."project_id" AND "member"."user_id" = "entry"."user_id" AND "member"."billing_role" IS NOT NULL;
