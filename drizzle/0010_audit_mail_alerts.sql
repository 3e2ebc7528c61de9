CREATE TABLE "last_sign_ins" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"country" text,
	"city" text,
	"latitude" double precision,
	"longitude" double precision,
	"accuracy_km" integer
);
--> statement-breakpoint
CREATE TABLE "security_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"details" jsonb NOT NULL,
	"device_id_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"wasnt_me_token_hash" "bytea",
	"wasnt_me_expires_at" timestamp with time zone NOT NULL,
	"wasnt_me_used_at" timestamp with time zone,
	CONSTRAINT "security_alerts_wasnt_me_token_hash_unique" UNIQUE("wasnt_me_token_hash")
);
--> statement-breakpoint
CREATE TABLE "sign_in_countries" (
	"user_id" uuid NOT NULL,
	"country" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sign_in_countries_user_id_country_pk" PRIMARY KEY("user_id","country")
);
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"digest" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"kind" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "password_reset_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "password_reset_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
DROP INDEX "audit_logs_org_at_idx";--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "key_id" text;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "digest" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_reset_required_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "claim_id" uuid;--> statement-breakpoint
ALTER TABLE "last_sign_ins" ADD CONSTRAINT "last_sign_ins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_alerts" ADD CONSTRAINT "security_alerts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_alerts" ADD CONSTRAINT "security_alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_alerts" ADD CONSTRAINT "security_alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_countries" ADD CONSTRAINT "sign_in_countries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "security_alerts_org_created_idx" ON "security_alerts" USING btree ("org_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "security_alerts_org_open_idx" ON "security_alerts" USING btree ("org_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "security_alerts"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "security_alerts_user_type_created_idx" ON "security_alerts" USING btree ("user_id","type","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "audit_checkpoints_org_seq_idx" ON "audit_checkpoints" USING btree ("org_id","seq");--> statement-breakpoint
CREATE INDEX "audit_windows_ends_at_idx" ON "audit_windows" USING btree ("ends_at");--> statement-breakpoint
CREATE INDEX "audit_windows_base_key_idx" ON "audit_windows" USING btree ("base_key");--> statement-breakpoint
CREATE INDEX "orgless_audit_events_at_idx" ON "orgless_audit_events" USING btree ("at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "password_reset_tokens_user_idx" ON "password_reset_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "password_reset_tokens_expires_idx" ON "password_reset_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "audit_logs_org_action_seq_idx" ON "audit_logs" USING btree ("org_id","action","seq");--> statement-breakpoint
CREATE INDEX "audit_logs_org_actor_seq_idx" ON "audit_logs" USING btree ("org_id","actor_user_id","seq");--> statement-breakpoint
CREATE INDEX "audit_logs_org_target_seq_idx" ON "audit_logs" USING btree ("org_id","target_id","seq");--> statement-breakpoint
CREATE INDEX "audit_logs_org_failed_seq_idx" ON "audit_logs" USING btree ("org_id","seq") WHERE "audit_logs"."outcome" = 'FAIL';--> statement-breakpoint
CREATE INDEX "audit_logs_org_impersonating_seq_idx" ON "audit_logs" USING btree ("org_id","seq") WHERE "audit_logs"."is_impersonating";--> statement-breakpoint
CREATE INDEX "audit_logs_unkeyed_idx" ON "audit_logs" USING btree ("org_id","seq") WHERE "audit_logs"."key_id" is null;--> statement-breakpoint
CREATE INDEX "audit_logs_org_at_idx" ON "audit_logs" USING btree ("org_id","at","seq");