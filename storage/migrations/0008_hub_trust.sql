-- How the node trusts its hub (app.HubTrust), chosen at enrolment: the
-- pinned fingerprint of a self-signed hub's certificate ('' trusts the
-- system's certificate authorities), and whether plain http:// to a hub
-- on another computer was allowed (jxj enrol --insecure).
ALTER TABLE sync_state ADD COLUMN hub_fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_state ADD COLUMN hub_insecure INTEGER NOT NULL DEFAULT 0 CHECK (hub_insecure IN (0, 1));

-- A school enrolled over plain http:// before the node checked this could
-- only reach a hub the bureau ran with --insecure: it keeps syncing.
UPDATE sync_state SET hub_insecure = 1 WHERE hub_url LIKE 'http://%' AND credential <> '';
