CREATE TABLE "support_session_views" (
	"session_id" uuid NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"count" integer NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_session_views_session_id_method_route_pk" PRIMARY KEY("session_id","method","route")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "support_end_recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "support_session_views" ADD CONSTRAINT "support_session_views_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_support_unrecorded_idx" ON "sessions" USING btree ("idle_expires_at") WHERE "sessions"."impersonator_user_id" is not null and "sessions"."support_end_recorded_at" is null;--> statement-breakpoint
-- Support sessions that ended before this column existed were recorded (or never will be): the sweeper must not mail them now.
UPDATE "sessions" SET "support_end_recorded_at" = coalesce("revoked_at", "idle_expires_at") WHERE "impersonator_user_id" IS NOT NULL AND ("revoked_at" IS NOT NULL OR "idle_expires_at" <= now());
