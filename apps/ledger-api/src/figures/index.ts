export * from './figures-http.module';
export * from './figures-http.options';
export * from './figures-projector.service';
export * from './figures.controller';
