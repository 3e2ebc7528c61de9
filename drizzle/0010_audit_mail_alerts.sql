DROP INDEX "audit_logs_org_at_idx";--> statement-breakpoint
CREATE INDEX "audit_logs_org_action_seq_idx" ON "audit_logs" USING btree ("org_id","action","seq");--> statement-breakpoint
CREATE INDEX "audit_logs_org_actor_seq_idx" ON "audit_logs" USING btree ("org_id","actor_user_id","seq");--> statement-breakpoint
CREATE INDEX "audit_logs_org_target_seq_idx" ON "audit_logs" USING btree ("org_id","target_id","seq");--> statement-breakpoint
CREATE INDEX "audit_logs_org_failed_seq_idx" ON "audit_logs" USING btree ("org_id","seq") WHERE "audit_logs"."outcome" = 'FAIL';--> statement-breakpoint
CREATE INDEX "audit_logs_org_impersonating_seq_idx" ON "audit_logs" USING btree ("org_id","seq") WHERE "audit_logs"."is_impersonating";--> statement-breakpoint
CREATE INDEX "audit_logs_org_at_idx" ON "audit_logs" USING btree ("org_id","at","seq");