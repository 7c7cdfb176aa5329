export * from './vocabulary';
export * from './references';
