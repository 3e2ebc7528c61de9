DROP INDEX "sessions_user_last_seen_idx";--> statement-breakpoint
DROP INDEX "sessions_org_last_seen_idx";--> statement-breakpoint
CREATE INDEX "sessions_user_last_seen_idx" ON "sessions" USING btree ("user_id","last_seen_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "sessions_org_last_seen_idx" ON "sessions" USING btree ("org_id","last_seen_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);