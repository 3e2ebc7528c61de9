ALTER TABLE "users" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "revoke_note" text;--> statement-breakpoint
UPDATE "users" SET "last_seen_at" = (SELECT max("sessions"."last_seen_at") FROM "sessions" WHERE "sessions"."user_id" = "users"."id" AND "sessions"."impersonator_user_id" IS NULL);
