export * from './vocabulary';
export * from './references';
export * from './concepts';
export * from './capability';
