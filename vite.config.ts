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
	if (command === 'serve' && !process.env.VITEST) {
		const { kyosoDevServer } = await import('./server/devPlugin.ts');
		plugins.push(kyosoDevServer());
	}
	plugins.push(sveltekit());
	return { plugins, server: { port: Number(process.env.PORT ?? 5173) } };
});
