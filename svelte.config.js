import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Content-Security-Policy of every page. 'auto': SvelteKit puts a fresh nonce on its inline
		// scripts of each server-rendered page (there are no prerendered pages). No other host at all:
		// the app loads nothing from a CDN. hooks.server.ts (src/lib/server/securityHeaders.ts) adds the
		// websocket origin to connect-src and lets the projector page be framed by this origin only.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Positions and sizes are style attributes (notes, theme frames, vote bars, the layout's
				// wrapper), and CSP's style-src-attr is unknown to Safari before 15.4: inline styles stay
				// allowed (nonces would switch 'unsafe-inline' off). In dev SvelteKit allows them anyway
				// for Vite's injected <style> elements.
				'style-src': ['self', 'unsafe-inline'],
				// the favicon; the projector's QR code is inline SVG markup, not an image
				'img-src': ['self'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
