/** Configuration from the environment, read once at start. */
import path from 'node:path';

export type Config = {
	port: number;
	host: string;
	dataDir: string;
	/** demo mode seeds a demo council, district, plan and workshop on an empty data dir */
	demo: boolean;
	/** public origin used to print join URLs (defaults to http://localhost:PORT) */
	origin: string | null;
	/** daily database backups under DATA_DIR/backups (BACKUPS=0 turns them off) */
	backups: boolean;
	/** mark cookies Secure (behind https) */
	secureCookies: boolean;
	/** name of the council created at the first start in production mode (COUNCIL_NAME) */
	councilName?: string;
	/**
	 * Where board updates are committed (KYOSO_LOG_WRITER): `adaptive` (default) on the main thread
	 * until one commit is slow (a slow or busy disk), then on a writer thread with group commit, so that
	 * fsyncs do not stall the sockets; `worker` always on the writer thread; `inline` always on the main thread.
	 */
	logWriter: 'adaptive' | 'worker' | 'inline';
	/**
	 * Load, in the background at start, the boards written in the last two hours (those that were
	 * live when the server stopped), so that reconnecting clients do not wait for the load.
	 * KYOSO_PRELOAD=0 turns it off.
	 */
	preload: boolean;
	/**
	 * Run the Yjs load and sync paths on a synthetic board in the background at start, so that the
	 * first board opened is not loaded by cold code (KYOSO_WARMUP=0 turns it off).
	 */
	warmup: boolean;
	/**
	 * Where a client's address comes from behind a reverse proxy, as adapter-node reads it
	 * (ADDRESS_HEADER, e.g. `x-forwarded-for`, and XFF_DEPTH): the websocket upgrade reads it the same way.
	 */
	addressHeader: string | null;
	xffDepth: number;
	/**
	 * The limits that count a crowd (docs/LIMITS.md): joins per client address and per workshop,
	 * sockets per client address, per staff account and per projector link. On by default; KYOSO_CROWD_LIMITS=0 turns them off for the load
	 * tools, which run hundreds of simulated phones from one machine. Never in production: one address
	 * could then fill a board with identities. Per-device socket caps and frame caps stay on.
	 */
	crowdLimits: boolean;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = Number(env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0-65535, got ${env.PORT}`);
	const origin = env.ORIGIN ?? null;
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		dataDir: path.resolve(env.DATA_DIR ?? './data'),
		demo: env.DEMO !== '0' && env.DEMO !== 'false',
		origin,
		backups: env.BACKUPS !== '0',
		secureCookies: env.SECURE_COOKIES === '1' || (origin?.startsWith('https:') ?? false),
		councilName: env.COUNCIL_NAME,
		logWriter: env.KYOSO_LOG_WRITER === 'inline' || env.KYOSO_LOG_WRITER === 'worker' ? env.KYOSO_LOG_WRITER : 'adaptive',
		preload: env.KYOSO_PRELOAD !== '0',
		warmup: env.KYOSO_WARMUP !== '0',
		addressHeader: env.ADDRESS_HEADER ? env.ADDRESS_HEADER.toLowerCase() : null,
		xffDepth: Number.parseInt(env.XFF_DEPTH ?? '1', 10) || 1,
		crowdLimits: env.KYOSO_CROWD_LIMITS !== '0'
	};
}
