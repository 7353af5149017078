/**
 * Type-aware lint for server and test code: every Promise is awaited (or explicitly `void`), and no
 * Promise stands in a condition. The stores and the sync core are asynchronous: a forgotten `await`
 * in `if (!canStaffModerate(...))` would be a Promise, always truthy: a permission check passed by.
 * Svelte components are left out (they call no stores).
 */
import ts from 'typescript-eslint';

export default [
	{ ignores: ['build/', '.svelte-kit/', 'src/lib/paraglide/', 'node_modules/', 'test-results/', '**/*.js', '**/*.mjs', '**/*.svelte'] },
	{
		files: ['**/*.ts'],
		// other configs' disable comments name rules this one does not load
		linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
		languageOptions: { parser: ts.parser, parserOptions: { projectService: true } },
		plugins: { '@typescript-eslint': ts.plugin },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }]
		}
	}
];
