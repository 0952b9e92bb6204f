import { AccessRevocation, AccessTokens, FailureLockOut } from '@loyalty/auth';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AdminAuthentication } from './admin-authentication';
import { AdminGuard } from './admin.guard';
import { FailedJobsController } from './failed-jobs.controller';

@Module({
  imports: [JwtModule.register({})],
  controllers: [FailedJobsController],
  providers: [AccessTokens, AccessRevocation, FailureLockOut, AdminAuthentication, AdminGuard],
  exports: [AdminAuthentication, AdminGuard],
})
export class AdminModule {}
