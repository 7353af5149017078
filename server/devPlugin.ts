/**
 * `npm run dev`: the same app and websocket sync inside Vite's dev server, on the same port.
 * Loaded from vite.config.ts only when serving (not for build or vitest).
 */
import type { Plugin } from 'vite';
import type { Server } from 'node:http';
import { readConfig } from '../src/lib/server/config.ts';
import { createApp, startBanner, type KyosoApp } from '../src/lib/server/app.ts';
import { setApp } from '../src/lib/server/appContext.ts';
import { attachSync } from '../src/lib/server/upgrade.ts';

export function kyosoDevServer(): Plugin {
	let app: KyosoApp | undefined;
	return {
		name: 'kyoso-dev-server',
		apply: 'serve',
		async configureServer(vite) {
			if (process.env.VITEST) return;
			const config = readConfig();
			app = await createApp(config);
			setApp(app);
			const http = vite.httpServer as Server | null;
			if (!http) return;
			attachSync(http, () => app);
			http.once('listening', () => {
				const address = http.address();
				const port = typeof address === 'object' && address ? address.port : config.port;
				void startBanner(app!, `http://localhost:${port}`).then((banner) => console.log(banner));
			});
			vite.middlewares.use('/healthz', (_req, res) => {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ status: 'ok', ...app!.sync.stats() }));
			});
		},
		buildEnd() {
			void app?.close();
		}
	};
}
