/** Schema migrations, applied in order inside one transaction each; the version is PRAGMA user_version. */
export const MIGRATIONS: readonly string[] = [
	// 1: organisation, plans, workshops, people, documents
	`
	CREATE TABLE councils (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE districts (
		id TEXT PRIMARY KEY,
		council_id TEXT NOT NULL REFERENCES councils(id),
		name TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE plans (
		id TEXT PRIMARY KEY,
		district_id TEXT NOT NULL REFERENCES districts(id),
		title TEXT NOT NULL,
		period_start INTEGER NOT NULL,
		period_end INTEGER NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE workshops (
		id TEXT PRIMARY KEY,
		plan_id TEXT NOT NULL REFERENCES plans(id),
		title TEXT NOT NULL,
		held_on TEXT,
		place TEXT,
		status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
		join_code TEXT NOT NULL UNIQUE,
		-- the projector link's token: kept so staff can show the link again; it grants a read-only view of one workshop
		display_token TEXT NOT NULL UNIQUE,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE users (
		id TEXT PRIMARY KEY,
		council_id TEXT NOT NULL REFERENCES councils(id),
		login TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator', 'editor')),
		password_hash TEXT NOT NULL,
		disabled INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE user_districts (
		user_id TEXT NOT NULL REFERENCES users(id),
		district_id TEXT NOT NULL REFERENCES districts(id),
		PRIMARY KEY (user_id, district_id)
	);
	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id),
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL
	);
	CREATE INDEX sessions_user ON sessions(user_id);
	CREATE TABLE participants (
		id TEXT PRIMARY KEY,
		workshop_id TEXT NOT NULL REFERENCES workshops(id),
		device_hash TEXT NOT NULL,
		nickname TEXT,
		muted INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		UNIQUE (workshop_id, device_hash)
	);
	CREATE TABLE doc_updates (
		doc TEXT NOT NULL,
		seq INTEGER NOT NULL,
		data BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (doc, seq)
	);
	CREATE TABLE doc_snapshots (
		doc TEXT PRIMARY KEY,
		data BLOB NOT NULL,
		upto_seq INTEGER NOT NULL,
		created_at INTEGER NOT NULL
	);
	`,
	// 2: account hygiene, audit log, workshop lifecycle
	`
	ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE workshops ADD COLUMN closed_at INTEGER;
	ALTER TABLE workshops ADD COLUMN code_rotated_at INTEGER;
	CREATE TABLE audit_log (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		at INTEGER NOT NULL,
		council_id TEXT,
		actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'system', 'participant')),
		actor_id TEXT,
		actor_name TEXT,
		action TEXT NOT NULL,
		target TEXT,
		detail TEXT
	);
	CREATE INDEX audit_council_at ON audit_log(council_id, at);
	`,
	// 3: board history (snapshots a facilitator can list, preview and restore)
	`
	CREATE TABLE doc_history (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		doc TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		reason TEXT NOT NULL CHECK (reason IN ('auto', 'step', 'manual', 'before_restore', 'unload')),
		summary TEXT NOT NULL,
		state BLOB NOT NULL
	);
	CREATE INDEX doc_history_doc ON doc_history(doc, id);
	`,
	// 4: the council's own Word template for the plan export (one per council; none = the built-in one)
	`
	CREATE TABLE council_templates (
		council_id TEXT PRIMARY KEY REFERENCES councils(id),
		data BLOB NOT NULL,
		file_name TEXT NOT NULL,
		size INTEGER NOT NULL,
		uploaded_by TEXT REFERENCES users(id),
		uploaded_by_name TEXT NOT NULL,
		uploaded_at INTEGER NOT NULL
	);
	`,
	// 5: correcting accounts and districts: a removed account keeps its row (and name) so that the audit
	// log stays readable, with its login id freed; an archived district is kept with its plans and workshops
	`
	ALTER TABLE users ADD COLUMN removed_at INTEGER;
	ALTER TABLE districts ADD COLUMN archived_at INTEGER;
	`,
	// 6: device ids are looked up across workshops (a device id is kept only if the server issued it)
	`
	CREATE INDEX participants_device ON participants(device_hash);
	`,
	// 7: plan records (issue 17): a plan's status (策定中 / 策定済み / 見直し中); a workshop's record for the plan:
	// the participant count staff entered (NULL = counted from joins) and the steps its board has been on
	// (a JSON array of step ids, in the order first reached)
	`
	ALTER TABLE plans ADD COLUMN status TEXT NOT NULL DEFAULT 'drafting' CHECK (status IN ('drafting', 'adopted', 'revising'));
	ALTER TABLE workshops ADD COLUMN participant_count INTEGER CHECK (participant_count IS NULL OR participant_count >= 0);
	ALTER TABLE workshops ADD COLUMN steps_covered TEXT NOT NULL DEFAULT '[]';
	CREATE INDEX workshops_plan ON workshops(plan_id);
	CREATE INDEX plans_district ON plans(district_id);
	`,
	// 8: each council's settings (goals, actor columns, review scale, plan length, resource
	// categories) as one versioned JSON record (domain/council/validate.ts reads it; no row = the defaults)
	`
	CREATE TABLE council_settings (
		council_id TEXT PRIMARY KEY REFERENCES councils(id),
		data TEXT NOT NULL,
		updated_at INTEGER NOT NULL,
		updated_by TEXT REFERENCES users(id)
	);
	`,
	// 9: 地区を知る: the district profile (one row per district, one per year of figures), the
	// district's resources (地域資源) and the support map's picture (支え合いマップ, one per district)
	`
	CREATE TABLE district_profiles (
		district_id TEXT PRIMARY KEY REFERENCES districts(id),
		base_date TEXT,
		character TEXT NOT NULL DEFAULT '',
		updated_at INTEGER NOT NULL,
		updated_by TEXT
	);
	CREATE TABLE district_profile_years (
		district_id TEXT NOT NULL REFERENCES districts(id),
		year INTEGER NOT NULL,
		population INTEGER NOT NULL CHECK (population >= 0),
		households INTEGER NOT NULL CHECK (households >= 0),
		aged65 INTEGER NOT NULL CHECK (aged65 >= 0 AND aged65 <= population),
		associations INTEGER CHECK (associations >= 0),
		commissioners INTEGER CHECK (commissioners >= 0),
		PRIMARY KEY (district_id, year)
	);
	CREATE TABLE district_resources (
		id TEXT PRIMARY KEY,
		district_id TEXT NOT NULL REFERENCES districts(id),
		category TEXT NOT NULL,
		name TEXT NOT NULL,
		place TEXT NOT NULL DEFAULT '',
		what TEXT NOT NULL DEFAULT '',
		contact TEXT NOT NULL DEFAULT '',
		contact_public INTEGER NOT NULL DEFAULT 0,
		source TEXT NOT NULL CHECK (source IN ('staff', 'workshop')),
		-- the board proposal it came from (workshop:<id>/<proposalId>): accepting twice adds it once
		origin TEXT UNIQUE,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX district_resources_district ON district_resources(district_id);
	CREATE TABLE district_maps (
		district_id TEXT PRIMARY KEY REFERENCES districts(id),
		data BLOB NOT NULL,
		mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg')),
		width INTEGER NOT NULL,
		height INTEGER NOT NULL,
		size INTEGER NOT NULL,
		uploaded_at INTEGER NOT NULL,
		uploaded_by TEXT
	);
	`,
	// 10: the plan's cover (表紙): 策定日 (ISO date, NULL = not set) and 策定者 (the body that adopted it, '' = not set)
	`
	ALTER TABLE plans ADD COLUMN adopted_on TEXT;
	ALTER TABLE plans ADD COLUMN adopted_by TEXT NOT NULL DEFAULT '';
	`,
	// 11: one council template per kind of document: the plan (計画書), the workshop summary (まとめ) and
	// the review sheet (評価シート). The one template a council had goes to 'summary' and its council is
	// listed in council_templates_unsorted: at start-up, sortLegacyTemplates (export/councilTemplates.ts)
	// moves it to the kind its tags make (the detection the exports used until now) and empties the list
	`
	CREATE TABLE council_templates_by_kind (
		council_id TEXT NOT NULL REFERENCES councils(id),
		kind TEXT NOT NULL CHECK (kind IN ('plan', 'summary', 'review')),
		data BLOB NOT NULL,
		file_name TEXT NOT NULL,
		size INTEGER NOT NULL,
		uploaded_by TEXT REFERENCES users(id),
		uploaded_by_name TEXT NOT NULL,
		uploaded_at INTEGER NOT NULL,
		PRIMARY KEY (council_id, kind)
	);
	INSERT INTO council_templates_by_kind (council_id, kind, data, file_name, size, uploaded_by, uploaded_by_name, uploaded_at)
		SELECT council_id, 'summary', data, file_name, size, uploaded_by, uploaded_by_name, uploaded_at FROM council_templates;
	CREATE TABLE council_templates_unsorted (council_id TEXT PRIMARY KEY);
	INSERT INTO council_templates_unsorted (council_id) SELECT council_id FROM council_templates;
	DROP TABLE council_templates;
	ALTER TABLE council_templates_by_kind RENAME TO council_templates;
	`
];
