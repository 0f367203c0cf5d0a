-- Before 0005's unique index on open invitations: an address could hold several open ones
-- (a new invitation after the last one expired, or two admins inviting at once). Keep the
-- newest open invitation per org and address; revoke the older ones.
UPDATE "invitations" SET "revoked_at" = now()
WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL AND "id" NOT IN (
  SELECT DISTINCT ON ("org_id", lower("email")) "id" FROM "invitations"
  WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL
  ORDER BY "org_id", lower("email"), "created_at" DESC, "id" DESC
);
