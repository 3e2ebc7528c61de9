CREATE TABLE "audit_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"base_key" text NOT NULL,
	"count" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"first_row" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orgless_audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"real_user_id" uuid,
	"actor_token_id" uuid,
	"is_impersonating" boolean DEFAULT false NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"user_agent" text,
	"country" text,
	"city" text,
	"failure_reason" text,
	"before" jsonb,
	"after" jsonb,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE INDEX "audit_windows_ends_at_idx" ON "audit_windows" USING btree ("ends_at");--> statement-breakpoint
CREATE INDEX "audit_windows_base_key_idx" ON "audit_windows" USING btree ("base_key");--> statement-breakpoint
CREATE INDEX "orgless_audit_events_at_idx" ON "orgless_audit_events" USING btree ("at" DESC NULLS LAST);