ALTER TABLE "org_security_settings" ADD COLUMN "require_device_bound_admins" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "dbsc_public_key" jsonb;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "dbsc_bound_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "dbsc_attempted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "dbsc_challenge" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "dbsc_challenge_expires_at" timestamp with time zone;