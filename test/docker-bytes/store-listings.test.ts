/**
 * The store's own listings, byte for byte, against what docker 28 prints for
 * the same data by the rules the engine oracle checks (tabwriter columns,
 * go-units sizes, `…` at 45, a tab in a comment its own column, `"cmd"`
 * quoted, docker's json fields): fixed bytes, on formats without the ages
 * that tick.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {dockyard, tempHome} from '../helpers/cli.js';

describe('the store\'s listings as docker prints them', () => {
	const {home, cleanup} = tempHome('dockyard-bytes-store-');
	const run = async (...args: string[]) => {
		const result = await dockyard(home, args, {env: {TZ: 'UTC'}, timeoutMs: 60_000});
		expect(result.stderr.replace(/^Hub: .*\n/, ''), args.join(' ')).toBe('');
		expect(result.code, args.join(' ')).toBe(0);
		return result.stdout;
	};

	beforeAll(async () => {
		await run('os', 'install', 'WindowsServerCore');
		await run('pull', 'microsoft/aspnet');
		await run('create', '--name', 'iisbuild', 'microsoft/aspnet');
		await run('commit', '-m', 'a\ttab', 'iisbuild', 'demo:1');
	}, 240_000);

	afterAll(cleanup);

	test.each<[string[], string]>([
		[['images', '--format', String.raw`table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}\t{{.VirtualSize}}`], [
			'REPOSITORY          TAG            IMAGE ID       SIZE      SIZE',
			'demo                1              IDDEMO         3.13MB    3.13MB',
			'microsoft/aspnet    latest         183033a866fb   3.13MB    3.13MB',
			'windowsservercore   10.0.10586.0   b540987a449f   2.39MB    2.393MB',
			'windowsservercore   latest         b540987a449f   2.39MB    2.393MB',
			'',
		].join('\n')],
		[['images', 'microsoft/*', '--format', '{{.Repository}}:{{.Tag}} {{.Digest}}'], 'microsoft/aspnet:latest sha256:6cd5611cba9d02501da115ccb1afea985f50b44a1b29029dcf1496f0acda0a20\n'],
		[['images', '-f', 'reference=windows*:[0-9]*', '--format', '{{.Repository}}:{{.Tag}}'], 'windowsservercore:10.0.10586.0\n'],
		// Go's classes negate with ^ only: [!w] is '!' or 'w'. Two reference filters: either may match.
		// A * never crosses a /, so neither pattern reaches microsoft/aspnet (as dockerd's path.Match does not).
		[['images', '-f', 'reference=[!w]*', '-f', 'reference=*:latest', '--format', '{{.Repository}}:{{.Tag}}'], 'windowsservercore:10.0.10586.0\nwindowsservercore:latest\n'],
		[['images', '-f', 'reference=[^w]*', '--format', '{{.Repository}}'], 'demo\n'],
		[['images', '-f', 'reference=*/*', '--format', '{{.Repository}}'], 'microsoft/aspnet\n'],
		[['history', '--format', String.raw`table {{.ID}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}`, 'demo:1'], [
			'IMAGE          CREATED BY                                      SIZE      COMMENT',
			'IDDEMO         cmd                                             0B        a         tab',
			'183033a866fb   cmd /S /C dnvm install 1.0.0-rc1 -r coreclr …   672kB     ',
			'<missing>      cmd /S /C powershell -NoProfile -Command "&{…   65.9kB    ',
			'b540987a449f                                                   737kB     ',
			'<missing>                                                      1.66MB    ',
			'',
		].join('\n')],
		[['history', '--format', '{{json .Size}} {{.ID}}', 'microsoft/aspnet'], '"672kB" 183033a866fb\n"65.9kB" <missing>\n"737kB" b540987a449f\n"1.66MB" <missing>\n'],
		[['search', '--limit', '2', '--format', 'json', '*'], [
			'{"Description":"ASP.NET 5 framework installed in a Windows...","IsOfficial":"true","Name":"microsoft/aspnet","StarCount":"1"}',
			'{"Description":"Django installed in a Windows Server Core ...","IsOfficial":"false","Name":"microsoft/django","StarCount":"1"}',
			'',
		].join('\n')],
		[['search', '--limit', '2', '--format', String.raw`table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}`, '*'], [
			'NAME               DESCRIPTION                                     STARS     OFFICIAL',
			'microsoft/aspnet   ASP.NET 5 framework installed in a Windows...   1         [OK]',
			'microsoft/django   Django installed in a Windows Server Core ...   1         ',
			'',
		].join('\n')],
		[['ps', '-a', '--format', '{{.Image}} {{.Command}} {{.Names}} {{.State}} {{.Status}}'], 'microsoft/aspnet:latest "cmd" iisbuild created Created\n'],
		[['inspect', '-f', '{{index .RepoTags 0}} {{json .Config.Cmd}} {{.Os}}', 'microsoft/aspnet'], 'microsoft/aspnet:latest ["cmd"] windows\n'],
	])('%j', async (args, expected) => {
		const demo = (await run('images', '-q', 'demo')).trim();
		expect(await run(...args)).toBe(expected.replaceAll('IDDEMO      ', demo));
	});
});
