/** The removal rules live in the core, on the neutral snapshot, for every backend: the store re-plans with them under its lock. */
export {planBatch, planRemoval, refusalError, rules, type BatchPlan, type Refusal, type RemovalPlan} from '../backend/removal.js';
