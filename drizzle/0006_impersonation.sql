ALTER TABLE "org_security_settings" ADD COLUMN "impersonation_mode" text DEFAULT 'read_only' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "impersonator_session_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "impersonation_reason" text;