CREATE TABLE "goal_coach_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"target_id" uuid,
	"payload" jsonb NOT NULL,
	"interaction_id" uuid,
	"result_id" uuid,
	"previous" jsonb,
	"error_code" text,
	"error_message" text,
	"decided_at" timestamp with time zone,
	"undone_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "goal_coach_actions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "goal_coach_actions" ADD CONSTRAINT "goal_coach_actions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_coach_actions" ADD CONSTRAINT "goal_coach_actions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goal_coach_actions_org_user_idx" ON "goal_coach_actions" USING btree ("org_id","user_id","created_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "goal_coach_actions" AS PERMISSIVE FOR ALL TO "cairn_app" USING ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK ("org_id" = nullif(current_setting('app.org_id', true), '')::uuid);