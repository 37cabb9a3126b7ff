import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {readSettings} from '../../source/core/settings.js';
import {openStore} from '../../source/core/store/store.js';
import {StoreBackend} from '../../source/core/backend/store-backend.js';
import {App} from '../../source/ui/app.js';
import {helpLines} from '../../source/ui/keymap.js';
import {waitFor} from '../helpers/cli.js';

let server: Server;
const saved = {...process.env};

beforeAll(async () => {
	// A loopback Docker Hub search: the TUI's Docker Hub is this fake.
	server = createServer((request, response) => {
		const query = new URL(request.url ?? '/', 'http://x').searchParams.get('q');
		response.writeHead(200, {'content-type': 'application/json'});
		response.end(JSON.stringify({results: [{name: 'nginx', description: `Official build of Nginx (asked ${query}).`, star_count: 20_812, is_official: true, is_automated: false}]}));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	process.env['DOCKYARD_DOCKERHUB_SEARCH'] = origin;
	process.env['DOCKYARD_DOCKERHUB_REGISTRY'] = origin;
	delete process.env['DOCKYARD_HUB'];
});

afterAll(async () => {
	process.env = saved;
	server.closeAllConnections();
	await new Promise(resolve => {
		server.close(resolve);
	});
});

test('H in the Hub pane switches offline catalog ↔ Docker Hub, kept in the settings; footer and help show it', async () => {
	const home = mkdtempSync(path.join(os.tmpdir(), 'dockyard-hub-switch-'));
	const store = openStore({home, offlineBytesPerSecond: 0});
	const app = render(<App backend={new StoreBackend(store)} size={{columns: 119, rows: 30}} pane="hub"/>);
	const frame = () => stripAnsi(app.lastFrame() ?? '');
	const shows = async (text: string) => waitFor(() => frame().includes(text), 5000, `"${text}" in\n${frame()}`);
	try {
		await shows('microsoft/aspnet');
		expect(frame()).toContain('(offline catalog)');
		expect(frame()).toContain('H switch hub');

		app.stdin.write('H');
		await shows('Official build of Nginx (asked *).');
		expect(frame()).toContain('(docker.io)');
		expect(frame()).not.toContain('microsoft/aspnet');
		expect(frame()).toContain('Hub: docker.io (dockyard hub dockerhub)');
		expect(readSettings(home).hub).toBe('dockerhub');

		app.stdin.write('H');
		await shows('microsoft/aspnet');
		expect(frame()).toContain('(offline catalog)');
		expect(readSettings(home).hub).toBe('offline');
	} finally {
		app.unmount();
		rmSync(home, {recursive: true, force: true});
	}

	expect(helpLines().join('\n')).toMatch(/H\s+switch hub: offline catalog ↔ Docker Hub/);
});
