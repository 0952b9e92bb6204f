export * from './environment';
export * from './validate-environment';
export * from './loyalty-config';
export * from './loyalty-config.module';
export * from './console-config';
