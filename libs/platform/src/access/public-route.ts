import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'loyalty:public-route';

/**
 * Marks a route that needs no credential (health, metrics, the store directory). Where the
 * access guard is installed, every other route must name who may call it, or it is refused.
 */
export const PublicRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
