CREATE TABLE "audit_chain_heads" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint,
	"hash" text,
	"digest" text,
	"checkpoint_seq" bigint,
	"checkpoint_signed_at" timestamp with time zone
);
