/** A private pull, push, save and load over dockerd, reached through a docker context (--context). */
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {contextDirName} from '../../source/core/engine/host.js';
import {privateVerbsSuite} from './private-verbs-suite.js';

privateVerbsSuite('docker', async (engine, {dockerConfig}) => {
	const meta = path.join(dockerConfig, 'contexts', 'meta', contextDirName('private-dockerd'));
	mkdirSync(meta, {recursive: true});
	writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Name: 'private-dockerd', Metadata: {}, Endpoints: {docker: {Host: engine.host, SkipTLSVerify: false}}}));
	return {args: ['--context', 'private-dockerd'], env: {}, teach: 'docker --context private-dockerd'};
});
