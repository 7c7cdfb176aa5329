export * from './levels';
export * from './questionnaires';
export * from './route';
export * from './flow';
export * from './build';
