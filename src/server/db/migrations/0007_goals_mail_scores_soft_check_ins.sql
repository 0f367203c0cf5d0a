CREATE TABLE "notification_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"email_muted" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "check_ins_key_result_week_key";--> statement-breakpoint
ALTER TABLE "check_ins" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "goal_cycles" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "goal_cycles" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "final_score" double precision;--> statement-breakpoint
ALTER TABLE "key_results" ADD COLUMN "final_grade" text;--> statement-breakpoint
ALTER TABLE "objectives" ADD COLUMN "final_score" double precision;--> statement-breakpoint
ALTER TABLE "objectives" ADD COLUMN "final_grade" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "mail_status" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "mail_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "mail_next_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "mailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_settings_org_user_key" ON "notification_settings" USING btree ("org_id","user_id");--> statement-breakpoint
ALTER TABLE "goal_cycles" ADD CONSTRAINT "goal_cycles_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_mail_due_idx" ON "notifications" USING btree ("mail_next_at") WHERE mail_status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "check_ins_key_result_week_key" ON "check_ins" USING btree ("key_result_id","week_start") WHERE deleted_at is null;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "notification_settings" AS PERMISSIVE FOR ALL TO "cairn_app" USING ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid);