-- The audit chain's append in one round trip (decision 026, "Fourth pass"): takes the org's
-- chain lock, then checks the caller's expected head against the chain's last row and newest
-- checkpoint and, when they match, inserts the rows (and the checkpoint when one is due) and
-- moves the kept head. A PL/pgSQL function because each statement in it takes a fresh snapshot:
-- the checks run after the lock is granted and see every append committed while it waited,
-- which a single SQL statement (whose snapshot predates the wait) could not. Without a match
-- (or without rows) it appends nothing and returns the chain's last row and newest checkpoint,
-- the lock still held, so the caller can chain its rows on them and call again.
CREATE FUNCTION gatehouse_audit_append(
	p_org_id uuid,
	p_expected_seq bigint,
	p_expected_hash text,
	p_expected_digest text,
	p_expected_checkpoint_seq bigint,
	p_expected_checkpoint_signed_at timestamptz,
	p_rows json,
	p_checkpoint json,
	p_head_seq bigint,
	p_head_hash text,
	p_head_digest text,
	p_head_checkpoint_seq bigint,
	p_head_checkpoint_signed_at timestamptz,
	p_asynchronous_commit boolean
) RETURNS TABLE (
	appended bigint,
	seq bigint,
	hash text,
	digest text,
	checkpoint_seq bigint,
	checkpoint_signed_at timestamptz
) LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
	last_seq bigint;
	last_hash text;
	last_digest text;
	last_checkpoint_seq bigint;
	last_checkpoint_signed_at timestamptz;
	inserted bigint;
BEGIN
	IF p_asynchronous_commit THEN
		-- The caller waits for durability after its commit (waitUntilDurable), so the lock is not
		-- held through an fsync.
		PERFORM set_config('synchronous_commit', 'off', true);
	END IF;
	PERFORM FROM audit_chain_heads h WHERE h.org_id = p_org_id FOR UPDATE;
	IF NOT FOUND THEN
		-- The org's first append since the table came: its row, then its lock.
		INSERT INTO audit_chain_heads (org_id) VALUES (p_org_id) ON CONFLICT DO NOTHING;
		PERFORM FROM audit_chain_heads h WHERE h.org_id = p_org_id FOR UPDATE;
	END IF;
	SELECT l.seq, l.hash, l.digest INTO last_seq, last_hash, last_digest
		FROM audit_logs l WHERE l.org_id = p_org_id ORDER BY l.seq DESC LIMIT 1;
	SELECT c.seq, c.signed_at INTO last_checkpoint_seq, last_checkpoint_signed_at
		FROM audit_checkpoints c WHERE c.org_id = p_org_id ORDER BY c.seq DESC LIMIT 1;
	IF p_rows IS NULL
		OR coalesce(last_seq, 0) <> p_expected_seq
		OR last_hash IS DISTINCT FROM p_expected_hash
		OR last_digest IS DISTINCT FROM p_expected_digest
		OR last_checkpoint_seq IS DISTINCT FROM p_expected_checkpoint_seq
		OR last_checkpoint_signed_at IS DISTINCT FROM p_expected_checkpoint_signed_at THEN
		RETURN QUERY SELECT 0::bigint, coalesce(last_seq, 0), last_hash, last_digest,
			last_checkpoint_seq, last_checkpoint_signed_at;
		RETURN;
	END IF;
	INSERT INTO audit_logs (org_id, seq, at, actor_user_id, real_user_id, actor_token_id,
		is_impersonating, action, outcome, target_type, target_id, ip, user_agent, country, city,
		failure_reason, before, after, metadata, prev_hash, hash, key_id, digest)
	SELECT r.org_id, r.seq, r.at, r.actor_user_id, r.real_user_id, r.actor_token_id,
		r.is_impersonating, r.action, r.outcome, r.target_type, r.target_id, r.ip, r.user_agent,
		r.country, r.city, r.failure_reason, r.before, r.after, r.metadata, r.prev_hash, r.hash,
		r.key_id, r.digest
	FROM json_populate_recordset(null::audit_logs, p_rows) r;
	GET DIAGNOSTICS inserted = ROW_COUNT;
	IF p_checkpoint IS NOT NULL THEN
		INSERT INTO audit_checkpoints (org_id, seq, hash, digest, signed_at, key_id, kind, signature)
		SELECT c.org_id, c.seq, c.hash, c.digest, c.signed_at, c.key_id, c.kind, c.signature
		FROM json_populate_record(null::audit_checkpoints, p_checkpoint) c
		ON CONFLICT DO NOTHING;
	END IF;
	UPDATE audit_chain_heads h SET seq = p_head_seq, hash = p_head_hash, digest = p_head_digest,
		checkpoint_seq = p_head_checkpoint_seq, checkpoint_signed_at = p_head_checkpoint_signed_at
		WHERE h.org_id = p_org_id;
	RETURN QUERY SELECT inserted, p_head_seq, p_head_hash, p_head_digest, p_head_checkpoint_seq,
		p_head_checkpoint_signed_at;
END
$$;
