/** dockyard's verbs over podman's API service, the docker CLI as the oracle. */
import {backendSuite} from './backend-suite.js';

backendSuite('podman');
