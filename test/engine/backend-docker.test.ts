/** dockyard's verbs over dockerd, the docker CLI as the oracle. */
import {backendSuite} from './backend-suite.js';

backendSuite('docker');
