export { describeTokenProviderContract } from './suite';
export { steadyClock } from './steady-clock';
export { virtualClock } from './virtual-clock';
export type { VirtualClock, VirtualClockOptions } from './virtual-clock';
export type { ContractContext, ContractOptions, ContractSetup, ContractSimulator, StoredToken } from './types';
