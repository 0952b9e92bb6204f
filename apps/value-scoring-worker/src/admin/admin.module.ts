import { AccessTokens, PasswordHasher } from '@loyalty/auth';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AdminAuthentication } from './admin-authentication';
import { AdminGuard } from './admin.guard';
import { FailedJobsController } from './failed-jobs.controller';

@Module({
  imports: [JwtModule.register({})],
  controllers: [FailedJobsController],
  providers: [AccessTokens, PasswordHasher, AdminAuthentication, AdminGuard],
  exports: [AdminAuthentication],
})
export class AdminModule {}
