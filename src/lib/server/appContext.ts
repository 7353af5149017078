/**
 * The process-wide app, set by the Node entry (server/index.ts) or the dev plugin before any
 * request is handled. Kept on globalThis because the SvelteKit bundle and the entry are separate
 * module graphs in production.
 */
import type { KyosoApp } from './app';

const KEY = Symbol.for('kyoso-canvas.app');
type Holder = { [KEY]?: KyosoApp };

export function setApp(app: KyosoApp | undefined): void {
	(globalThis as Holder)[KEY] = app;
}

export function maybeApp(): KyosoApp | undefined {
	return (globalThis as Holder)[KEY];
}

export function getApp(): KyosoApp {
	const app = maybeApp();
	if (!app) throw new Error('Kyoso Canvas server is not started (start it with `npm start` or `npm run dev`)');
	return app;
}
