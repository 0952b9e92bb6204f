export * from './errors/domain-error';
export * from './pagination';
export * from './stores/store';
