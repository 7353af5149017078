/**
 * The application's server side, assembled once per process: database, stores, sync core.
 * The SvelteKit handler reaches it through appContext (it is created by server/ before the handler runs).
 */
import { openDatabase, openLogConnection, type DB } from './db/database';
import { WalSync } from './db/walSync';
import { SqliteDocStore } from './sync/docStore';
import { SyncServer } from './sync/syncServer';
import { AdaptiveUpdateLog, InlineUpdateLog, WorkerUpdateLog } from './sync/updateLog';
import { warmUpYjs } from './sync/warmup';
import { WorkerDocxRenderer, type DocxRenderer } from './export/docxRenderer';
import { sortLegacyTemplates } from './export/councilTemplates';
import { closePdfBrowser } from './export/planPdf';
import { StaffAuth } from './auth/staff';
import { Workshops } from './workshops';
import { DocKinds } from './sync/docKinds';
import { boardKind } from './sync/kinds/board';
import { planKind } from './sync/kinds/plan';
import { Participants } from './participants';
import { AuditLog } from './audit';
import { Districts } from './districts';
import { LoginLimiter } from './auth/loginLimiter';
import { ensureFirstAdmin, firstAdminLines } from './firstStart';
import { ParticipantLimits } from './participantLimits';
import { JoinLimiter } from './joinLimits';
import { WorkshopControl } from './workshopControl';
import { History } from './history';
import { scheduleBackups } from './backup';
import { seedDemo, seedDemoDocuments, DEMO_CREDENTIALS } from './seed';
import { Plans } from './plans';
import { recordingSteps } from './planService';
import { DistrictProfiles } from './districtProfile';
import { Resources } from './resources';
import { SupportMaps } from './supportMaps';
import { CouncilSettingsStore } from './councilSettings';
import { useCategorySource } from './resourceCategories';
import type { Config } from './config';
import { DEFAULT_RESOURCE_CATEGORIES } from '../domain/council/settings';

export type KyosoApp = {
	config: Config;
	db: DB;
	sync: SyncServer;
	staff: StaffAuth;
	workshops: Workshops;
	/** plans (小地域福祉活動計画) and the workshops' records for them (plans.ts) */
	plans: Plans;
	participants: Participants;
	audit: AuditLog;
	districts: Districts;
	loginLimiter: LoginLimiter;
	/** how many new identities may join per address and per workshop (joinLimits.ts) */
	joinLimiter: JoinLimiter;
	control: WorkshopControl;
	history: History;
	/** Per-participant operation limits, shared by the socket and the phone page's no-script form. */
	participantLimits: ParticipantLimits;
	/** 地区を知る: district profiles, resources (地域資源) and support-map pictures (支え合いマップ) */
	districtProfiles: DistrictProfiles;
	resources: Resources;
	supportMaps: SupportMaps;
	/** Fills Word templates on a worker thread (exports do not pause the sockets). */
	docx: DocxRenderer;
	/** Stop the sync (clients are told to come back), write what is queued, close the database. */
	close(): Promise<void>;
};

/** Boards written this recently are loaded at start (they were probably live before a restart). */
const PRELOAD_WINDOW_MS = 2 * 3_600_000;

export async function createApp(config: Config): Promise<KyosoApp> {
	const db = openDatabase(config.dataDir);
	const store = new SqliteDocStore(db);
	// The boards' update log commits through its own connection without waiting for the disk (the
	// change is relayed then) and is fsynced right after by `wal` (the change is acknowledged then).
	const logDb = openLogConnection(db.name);
	const logStore = new SqliteDocStore(logDb);
	const wal = new WalSync(db.name);
	const startWriterThread = () => new WorkerUpdateLog(db.name, undefined, wal);
	const staff = new StaffAuth(db);
	const workshops = new Workshops(db);
	const participants = new Participants(db);
	const audit = new AuditLog(db);
	const participantLimits = new ParticipantLimits();
	const history = new History(db);
	const plans = new Plans(db);
	const districtProfiles = new DistrictProfiles(db);
	const resources = new Resources(db);
	const supportMaps = new SupportMaps(db);
	// 地域資源の分類: each council's own categories (社協の設定), the defaults until it saves some
	const categorySettings = new CouncilSettingsStore(db);
	useCategorySource(async (councilId) => (await categorySettings.get(councilId))?.resourceCategories ?? DEFAULT_RESOURCE_CATEGORIES.map((c) => ({ ...c })));

	const seedingDemo = (await workshops.isEmpty()) && config.demo;
	if (seedingDemo) await seedDemo(workshops, staff, { profiles: districtProfiles, resources });
	if (!config.demo) {
		// Production mode on a database without staff: an admin with a one-time password, printed once.
		const first = await ensureFirstAdmin(staff, workshops, config.councilName);
		if (first) console.log(firstAdminLines(first).join('\n'));
	}

	// The kinds of live documents: a workshop's board and a district's plan (sync/docKinds.ts).
	// A board also records in its workshop's record the steps staff move it to (planService.recordingSteps).
	const kinds = new DocKinds([recordingSteps(boardKind({ workshops, participants, history, audit }), plans), planKind({ workshops })]);
	const sync = new SyncServer({
		kinds,
		store,
		writer:
			config.logWriter === 'inline'
				? new InlineUpdateLog(logStore, wal)
				: config.logWriter === 'worker'
					? startWriterThread()
					: new AdaptiveUpdateLog(logStore, startWriterThread, { durability: wal }),
		participantRateLimit: (id, op) => participantLimits.check(id, op)
	});

	const control = new WorkshopControl({ workshops, participants, sync, audit, history });

	const stopBackups = config.backups ? scheduleBackups(db, config.dataDir) : () => Promise.resolve();
	const docx = new WorkerDocxRenderer();
	// a database from before one template per kind: its council templates go to the kind their tags make
	const sortedTemplates = await sortLegacyTemplates(db, (t) => docx.kindOf(t));
	if (sortedTemplates > 0) console.log(`[export] ${sortedTemplates} council template(s) moved to the kind their tags make`);

	const app: KyosoApp = {
		config,
		db,
		sync,
		staff,
		workshops,
		plans,
		participants,
		audit,
		districts: new Districts(db),
		loginLimiter: new LoginLimiter(),
		joinLimiter: new JoinLimiter({ enabled: config.crowdLimits }),
		control,
		history,
		participantLimits,
		districtProfiles,
		resources,
		supportMaps,
		docx,
		async close() {
			await stopBackups();
			await docx.close();
			await closePdfBrowser();
			await sync.shutdown();
			logDb.close();
			db.close();
		}
	};
	// The demo's parts in live documents (a drafted plan with issues, vision, actions and a review), through the app's stores.
	if (seedingDemo) await seedDemoDocuments(app);

	// In the background, before clients come back: load the recent boards (those clients return to
	// first); if there were none, warm the Yjs code paths on a synthetic board instead (loading real
	// boards warms them as well).
	const recent = config.preload ? (await store.writtenSince(Date.now() - PRELOAD_WINDOW_MS)).filter((name) => kinds.resolve(name)?.kind.id === 'board') : [];
	void sync
		.preload(recent)
		.then(async (n) => {
			if (n > 0) console.log(`[sync] loaded ${n} board(s) written in the last ${PRELOAD_WINDOW_MS / 3_600_000} h`);
			else if (config.warmup) await warmUpYjs();
		})
		.catch((e: unknown) => console.error('[sync] preload or warm-up failed', e));
	return app;
}

/** What to print at start so that a person can try the app at once. */
export async function startBanner(app: KyosoApp, origin: string): Promise<string> {
	const lines = [`Kyoso Canvas (共創キャンバス) is running at ${origin}`];
	if (app.config.demo) {
		const { facilitator, admin } = DEMO_CREDENTIALS;
		lines.push(`  facilitator sign-in: ${origin}/login  login "${facilitator.login}", password "${facilitator.password}"`);
		lines.push(`  admin sign-in:       login "${admin.login}", password "${admin.password}"`);
		const admins = app.db.prepare<[], { id: string }>(`SELECT id FROM users WHERE role = 'admin' AND disabled = 0 LIMIT 1`).get();
		const admin1 = admins ? await app.staff.getUser(admins.id) : null;
		for (const w of admin1 ? await app.workshops.listFor(admin1) : []) {
			if (w.status !== 'open') continue;
			lines.push(`  workshop "${w.title}" (${w.districtName})`);
			lines.push(`    join code:     ${w.joinCode}`);
			lines.push(`    join URL:      ${origin}/j/${w.joinCode}`);
			lines.push(`    projector URL: ${origin}/display/${await app.workshops.displayToken(w.id)}`);
		}
	}
	return lines.join('\n');
}
