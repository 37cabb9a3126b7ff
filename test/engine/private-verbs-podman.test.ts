/** A private pull, push, save and load over podman's service, reached with -H unix://…. */
import {privateVerbsSuite} from './private-verbs-suite.js';

privateVerbsSuite('podman', async engine => ({args: ['-H', engine.host], env: {}, teach: `docker -H ${engine.host}`}));
