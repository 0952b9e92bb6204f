export * from './environment';
export * from './loyalty-config';
export * from './loyalty-config.module';
