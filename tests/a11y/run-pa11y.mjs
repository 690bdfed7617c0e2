// Runs pa11y on a list of pages with one Chromium, each page in a fresh browser context
// (its own cookies), and prints every issue pa11y reports as JSON on standard output.
//
//   node run-pa11y.mjs pa11y.json pages.json
//
// pages.json: [{"url": "...", "actions": ["click element ...", ...]}, ...]
// Output: [{"url", "actions", "issues": [{"code", "type", "runner", "message", "selector"}]}]
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

const [configPath, pagesPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const pages = JSON.parse(readFileSync(pagesPath, 'utf8'));

const browser = await puppeteer.launch(config.chromeLaunchConfig);
const results = [];
try {
	for (const {url, actions = []} of pages) {
		const context = await browser.createBrowserContext();
		try {
			const page = await context.newPage();
			const {issues} = await pa11y(url, {...config, actions, browser, page});
			results.push({
				url,
				actions,
				issues: issues.map(({code, type, runner, message, selector}) => (
					{code, type, runner, message, selector}
				))
			});
		} finally {
			await context.close();
		}
	}
} finally {
	await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
