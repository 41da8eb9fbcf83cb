export { describeTokenProviderContract } from './suite';
export { steadyClock } from './steady-clock';
export type { ContractContext, ContractSetup, ContractSimulator, StoredToken } from './types';
