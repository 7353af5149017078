import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig, type PluginOption } from 'vite';

export default defineConfig(async ({ command }) => {
	const plugins: PluginOption[] = [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		})
	];
	// `npm run dev`: the app and the websocket sync run inside Vite's dev server on one port.
	// KYOSO_DEV is set by the `dev` script, which also loads tsx; tools such as svelte-check load
	// this config in serve mode too and must not start the app.
	if (command === 'serve' && process.env.KYOSO_DEV === '1' && !process.env.VITEST) {
		// Loaded at run time through tsx (see the `dev` script), not bundled into the config.
		const devPlugin = new URL('./server/devPlugin.ts', import.meta.url).href;
		const { kyosoDevServer } = (await import(/* @vite-ignore */ devPlugin)) as typeof import('./server/devPlugin');
		plugins.push(kyosoDevServer());
	}
	plugins.push(sveltekit());
	return { plugins, server: { port: Number(process.env.PORT ?? 5173) } };
});
