import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { DiagnosticsProcessor } from './diagnostics.processor';
import { DiagnosticsQueueEvents } from './diagnostics-queue-events';
import { ProbeDependenciesUseCase } from './probe-dependencies.use-case';
import { QueueProbesController } from './queue-probes.controller';
import { RunQueueProbeUseCase } from './run-queue-probe.use-case';

@Module({
  imports: [AdminModule],
  controllers: [QueueProbesController],
  providers: [
    DiagnosticsProcessor,
    DiagnosticsQueueEvents,
    ProbeDependenciesUseCase,
    RunQueueProbeUseCase,
  ],
})
export class DiagnosticsModule {}
